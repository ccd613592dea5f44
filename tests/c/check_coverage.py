#!/usr/bin/env python3
"""Coverage guard for the C ABI tests.

    check_coverage.py HEADER TEST_DIR              every function HEADER declares is called
                                                   (name followed by "(", outside comments
                                                   and string literals) in TEST_DIR/*.c
    check_coverage.py --namespace HEADER           every file-scope name HEADER declares
                                                   (functions, types, tags, enumerators,
                                                   macros) is in the hwc_/HWC_ namespace

Exit status 1 on any gap. The first mode is part of `make test-c`; the second is
`make test-c-namespace` (opt-in: it fails while the header leaks internal names).
"""

import glob
import os
import re
import sys

# Declarations in the header that are not library API and cannot be called from C.
NOT_API = {
    "__huaweicloud_panic_path_survived_optimization":
        "cbindgen copies the extern block of src/lib.rs's panic handler; the symbol is "
        "deliberately undefined (panic-link-check), so no program may call it",
}

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def strip_c(text):
    """Removes comments, string and character literals (keeping line structure)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            chunk = text[i:n if j < 0 else j + 2]
            out.append("\n" * chunk.count("\n"))
            i = n if j < 0 else j + 2
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def condition_holds(directive):
    """The header's #if/#ifdef/#ifndef conditions, as a C99 compiler sees them."""
    words = directive.split(None, 1)
    rest = words[1] if len(words) > 1 else ""
    if words[0] == "#ifdef":
        return False  # only __cplusplus is tested this way
    if words[0] == "#ifndef":
        return True   # __cplusplus and the include guard are undefined
    return "__cplusplus" not in rest and "202311L" not in rest


def without_preprocessor(text):
    """Keeps the lines a C99 (not C++) compiler would compile, without directives."""
    lines, stack = [], []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("#"):
            directive = " ".join(stripped.split())
            if directive.startswith(("#if ", "#ifdef ", "#ifndef ")):
                stack.append(condition_holds(directive))
            elif directive.startswith("#else"):
                stack[-1] = not stack[-1]
            elif directive.startswith("#endif"):
                stack.pop()
            continue
        if all(stack):
            lines.append(line)
    return "\n".join(lines)


def declared_functions(header):
    code = without_preprocessor(strip_c(open(header, encoding="utf-8").read()))
    code = re.sub(r"\{[^{}]*\}", ";", code)  # struct and enum bodies
    names = []
    for statement in code.split(";"):
        statement = " ".join(statement.split())
        if "(" not in statement or statement.startswith("typedef"):
            continue
        match = re.search(r"(" + IDENT + r")\s*\($", statement[:statement.index("(") + 1])
        if match:
            names.append(match.group(1))
    return names


def called_functions(test_dir):
    calls = set()
    for path in sorted(glob.glob(os.path.join(test_dir, "*.c"))):
        code = strip_c(open(path, encoding="utf-8").read())
        calls.update(re.findall(r"\b(" + IDENT + r")\s*\(", code))
    return calls


def coverage(header, test_dir):
    declared = declared_functions(header)
    if len(set(declared)) != len(declared):
        print("coverage: %s declares a function twice" % header)
        return 1
    api = [name for name in declared if name not in NOT_API]
    for name in declared:
        if name in NOT_API:
            print("coverage: note: %s declares %s, not API: %s" % (header, name, NOT_API[name]))
    if len(api) < 50:
        print("coverage: only %d functions found in %s: parser broken?" % (len(api), header))
        return 1
    missing = sorted(set(api) - called_functions(test_dir))
    for name in missing:
        print("coverage: %s is never called in %s/*.c" % (name, test_dir))
    print("coverage: %d of %d functions declared in %s are called by the C tests"
          % (len(api) - len(missing), len(api), header))
    return 1 if missing else 0


def namespace(header):
    raw = open(header, encoding="utf-8").read()
    text = strip_c(raw)
    names = set()
    names.update(re.findall(r"^\s*#\s*define\s+(" + IDENT + ")", text, re.M))
    code = without_preprocessor(text)
    names.update(re.findall(r"\b(?:struct|enum|union)\s+(" + IDENT + r")", code))
    for body in re.findall(r"\benum\b[^{;]*\{([^}]*)\}", code):
        names.update(re.findall(r"(" + IDENT + r")\s*(?:=|,|$)", body.strip()))
    flat = re.sub(r"\{[^{}]*\}", " ", code)
    names.update(re.findall(r"\btypedef\b[^;]*?\b(" + IDENT + r")\s*;", flat))
    names.update(declared_functions(header))
    allowed = re.compile(r"^(hwc_|HWC_|HUAWEICLOUD_H$)")
    bad = sorted(n for n in names if not allowed.match(n))
    for name in bad:
        print("namespace: %s declares %s outside the hwc_/HWC_ namespace" % (header, name))
    print("namespace: %d names checked, %d outside the namespace" % (len(names), len(bad)))
    return 1 if bad else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--namespace":
        return namespace(argv[2])
    if len(argv) == 3:
        return coverage(argv[1], argv[2])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
