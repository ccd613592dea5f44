//! Deterministic instruction budgets (issue 6, item 4): callgrind's instruction count (Ir) of
//! one password, one topic and one 5-property report, each through the C ABI, in a binary built
//! with the shipped profile (opt "z", LTO, panic=abort) and sha2's portable backend (what ARM
//! targets run, and independent of the host CPU).
//!
//! `budget run N` is what callgrind executes: per operation, one warm-up call outside collection
//! (lazy symbol binding, first-touch effects), then `budget_measure(op, 0)` and
//! `budget_measure(op, N)`. Collection is on only inside `budget_measure` (`--toggle-collect`)
//! and callgrind dumps after each of its calls (`--dump-after`), so every dump holds exactly one
//! measurement and an operation costs (Ir(N) - Ir(0)) / N.
//!
//! `budget check --budgets FILE --out-dir DIR [--update]` runs callgrind twice, requires both
//! runs to agree exactly, prints each figure beside its budget and fails when one exceeds its
//! budget by more than 10 %; `--update` rewrites FILE with the measured figures instead.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};

use huaweicloud::json::writer::JsonWriter;
use huaweicloud::message::schema::{decode, req, Expect, Field};
use huaweicloud_bench::{props, Capi, Prop, DEVICE_ID, PASSWORD, REQUEST_ID, SECRET, SERVICE_ID, TIMESTAMP, TOPIC};

const OPS: [&str; 3] = ["password", "topic", "report5"];
const CALLS: u32 = 16;
const TOLERANCE_PERCENT: u64 = 10;
const MEASURE_FN: &str = "budget_measure";

struct Ctx {
    capi: Capi,
    props: Vec<(&'static str, Prop)>,
    out: [u8; 512],
}

fn one(op: u32, ctx: &mut Ctx) -> usize {
    let Ctx { capi, props, out } = ctx;
    let result = match op {
        0 => capi.password(out, black_box(SECRET), black_box(TIMESTAMP)),
        1 => capi.topic(out, black_box(DEVICE_ID), black_box(REQUEST_ID)),
        _ => capi.report(out, black_box(SERVICE_ID), black_box(props)),
    };
    result.unwrap_or(0)
}

/// The measured region: `n` calls of operation `op`.
#[no_mangle]
#[inline(never)]
fn budget_measure(op: u32, n: u32, ctx: &mut Ctx) -> usize {
    let mut total = 0;
    for _ in 0..n {
        total += one(black_box(op), ctx);
    }
    total
}

fn run(n: u32) {
    let mut ctx = Ctx { capi: Capi::new(), props: props(5), out: [0; 512] };
    for op in 0..OPS.len() as u32 {
        // Warm-up, outside collection; it also checks the output is right.
        let len = one(op, &mut ctx);
        let expected_ok = match op {
            0 => ctx.out.get(..len) == Some(PASSWORD),
            1 => ctx.out.get(..len) == Some(TOPIC),
            _ => ctx.out.get(..len).is_some_and(|doc| doc.starts_with(b"{\"services\":[{\"service_id\":")),
        };
        if !expected_ok {
            eprintln!("budget: {} produced wrong output", OPS[op as usize]);
            exit(1);
        }
        black_box(budget_measure(op, 0, &mut ctx));
        let total = budget_measure(op, black_box(n), &mut ctx);
        if total != len * n as usize {
            eprintln!("budget: {} output length changed between calls", OPS[op as usize]);
            exit(1);
        }
    }
}

/// Ir of each dump file, in dump order.
fn dump_totals(dir: &Path, prefix: &str) -> Vec<u64> {
    let mut dumps: Vec<(u32, u64)> = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| fail(&format!("reading {}: {e}", dir.display()))).flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(index) = name.strip_prefix(prefix).and_then(|s| s.strip_prefix('.')).and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let total = text
            .lines()
            .find_map(|line| line.strip_prefix("totals:").or_else(|| line.strip_prefix("summary:")))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or_else(|| fail(&format!("no totals in {}", entry.path().display())));
        dumps.push((index, total));
    }
    dumps.sort();
    dumps.into_iter().map(|(_, total)| total).collect()
}

/// One callgrind run: Ir per call of each operation.
fn measure(out_dir: &Path, run_index: u32) -> [u64; 3] {
    let dir = out_dir.join(format!("run{run_index}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| fail(&format!("creating {}: {e}", dir.display())));
    let exe = std::env::current_exe().unwrap_or_else(|e| fail(&format!("own path: {e}")));
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", dir.join("cg.out").display()))
        .arg("--collect-atstart=no")
        .arg(format!("--toggle-collect={MEASURE_FN}"))
        .arg(format!("--dump-after={MEASURE_FN}"))
        .arg(&exe)
        .arg("run")
        .arg(CALLS.to_string())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .unwrap_or_else(|e| fail(&format!("running valgrind: {e} (install the `valgrind` package)")));
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        fail("valgrind run failed");
    }
    let totals = dump_totals(&dir, "cg.out");
    // One dump per budget_measure call: (0 calls, N calls) per operation; a trailing dump at
    // program exit (nothing collected) may follow.
    if totals.len() < 2 * OPS.len() {
        fail(&format!("expected {} callgrind dumps in {}, found {}", 2 * OPS.len(), dir.display(), totals.len()));
    }
    let mut per_call = [0u64; 3];
    for (i, slot) in per_call.iter_mut().enumerate() {
        let (zero, many) = (totals[2 * i], totals[2 * i + 1]);
        let diff = many.saturating_sub(zero);
        if diff % u64::from(CALLS) != 0 {
            fail(&format!("{}: {diff} Ir over {CALLS} calls is not a whole number per call (calls differ)", OPS[i]));
        }
        *slot = diff / u64::from(CALLS);
    }
    per_call
}

const BUDGET_FIELDS: [Field; 3] = [req(b"password", Expect::Int), req(b"topic", Expect::Int), req(b"report5", Expect::Int)];

/// Read with the library's own decoder.
fn read_budgets(path: &Path) -> Option<[u64; 3]> {
    let text = std::fs::read(path).ok()?;
    let values = decode(&text, &BUDGET_FIELDS).ok()?;
    let mut budgets = [0u64; 3];
    for (slot, value) in budgets.iter_mut().zip(values) {
        *slot = u64::try_from(value.as_i64().ok()?).ok()?;
    }
    Some(budgets)
}

/// Written with the library's own writer, one field per line.
fn write_budgets(path: &Path, figures: &[u64; 3]) {
    let mut text = String::from("{\n");
    for (i, (name, figure)) in OPS.iter().zip(figures).enumerate() {
        let mut buf = [0u8; 64];
        let mut w = JsonWriter::new(&mut buf);
        let len = w
            .begin_object()
            .and_then(|_| w.key(name.as_bytes()))
            .and_then(|_| w.uint(*figure))
            .and_then(|_| w.end_object())
            .and_then(|_| w.finish());
        let len = len.unwrap_or_else(|e| fail(&format!("writing budgets: {e:?}")));
        let member = std::str::from_utf8(&buf[1..len - 1]).unwrap_or_default().replacen(':', ": ", 1);
        text.push_str("  ");
        text.push_str(&member);
        text.push_str(if i + 1 < OPS.len() { ",\n" } else { "\n" });
    }
    text.push_str("}\n");
    std::fs::write(path, text).unwrap_or_else(|e| fail(&format!("writing {}: {e}", path.display())));
}

fn fail(message: &str) -> ! {
    eprintln!("bench-budget: {message}");
    exit(1)
}

fn check(budgets_path: &Path, out_dir: &Path, update: bool) {
    let first = measure(out_dir, 1);
    let second = measure(out_dir, 2);
    if first != second {
        fail(&format!("callgrind counts differ between two identical runs: {first:?} vs {second:?}"));
    }
    println!(
        "bench-budget: callgrind Ir per call, C ABI, shipped profile (opt z, LTO, panic=abort), sha2 soft backend; 2 runs agree"
    );
    if update {
        write_budgets(budgets_path, &first);
        for (name, figure) in OPS.iter().zip(first) {
            println!("  {name:<10} {figure:>8} Ir   (recorded)");
        }
        println!("bench-budget: wrote {}", budgets_path.display());
        return;
    }
    let Some(budgets) = read_budgets(budgets_path) else {
        fail(&format!("cannot read {} (run `make bench-budget-update` to create it)", budgets_path.display()));
    };
    let mut over = Vec::new();
    for ((name, figure), budget) in OPS.iter().zip(first).zip(budgets) {
        let limit = budget + budget * TOLERANCE_PERCENT / 100;
        let change = (figure as f64 - budget as f64) * 100.0 / budget.max(1) as f64;
        let verdict = if figure > limit {
            over.push(*name);
            "OVER BUDGET"
        } else if figure * 10 < budget * 9 {
            "ok (well under: consider `make bench-budget-update`)"
        } else {
            "ok"
        };
        println!("  {name:<10} {figure:>8} Ir   budget {budget:>8}   limit {limit:>8}   {change:+6.1} %   {verdict}");
    }
    if !over.is_empty() {
        fail(&format!(
            "{} over budget by more than {TOLERANCE_PERCENT} %; if the increase is intended, run `make bench-budget-update` and commit {}",
            over.join(", "),
            budgets_path.display()
        ));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut budgets = PathBuf::from("bench/budgets.json");
    let mut out_dir = PathBuf::from("build/bench/callgrind");
    let mut update = false;
    match args.first().map(String::as_str) {
        Some("run") => {
            let n = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(CALLS);
            run(n);
        }
        Some("check") => {
            let mut rest = args.iter().skip(1);
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--budgets" => budgets = rest.next().map(PathBuf::from).unwrap_or(budgets),
                    "--out-dir" => out_dir = rest.next().map(PathBuf::from).unwrap_or(out_dir),
                    "--update" => update = true,
                    other => fail(&format!("unknown argument {other}")),
                }
            }
            check(&budgets, &out_dir, update);
        }
        _ => {
            eprintln!("usage: budget run [N] | budget check [--budgets FILE] [--out-dir DIR] [--update]");
            exit(2);
        }
    }
}
