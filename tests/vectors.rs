//! Published vectors: RFC 4231 (HMAC-SHA256), Huawei's documented password example and the
//! vectors of protocol §6 (computed there with CPython `hmac` and `openssl dgst -hmac`).

use huaweicloud::credentials::{self, SignType};
use huaweicloud::error::Status;
use huaweicloud::sink::Sink;
use huaweicloud::time::{self, DateTime, EventTimeFormat};

fn text(write: impl FnOnce(&mut Sink) -> Result<(), Status>) -> Result<String, Status> {
    let mut buf = [0u8; 512];
    let mut sink = Sink::new(&mut buf);
    write(&mut sink)?;
    let len = sink.finish().map_err(|_| Status::BufferTooSmall)?;
    Ok(String::from_utf8(buf[..len].to_vec()).unwrap())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn rfc4231_hmac_sha256() {
    // RFC 4231 §4 test cases 1-4 (keys up to one block, which is all the password uses; longer
    // keys are refused rather than hashed).
    let cases: [(&[u8], &[u8], &str); 4] = [
        (&[0x0b; 20], b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (b"Jefe", b"what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (&[0xaa; 20], &[0xdd; 50], "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25],
            &[0xcd; 50],
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        ),
    ];
    for (key, data, expected) in cases {
        assert_eq!(hex(&credentials::hmac_sha256(key, data).unwrap()), expected);
    }
    assert_eq!(credentials::hmac_sha256(&[0; 65], b""), Err(Status::InvalidArgument));
}

#[test]
fn secrets_across_sha256_block_boundaries() {
    // Expected: python3 -c "import hmac; print(hmac.new(b'2025041401', b'x'*n, 'sha256').hexdigest())"
    let cases = [
        (55, "e9ba3a0980c552aa8b0c340591f3296beae7664a6057b86a9a3a38b83f9f93f8"),
        (56, "1a098b4163ba59efe17073f309fc22712f7686729fa7756153f2258104ee75a0"),
        (63, "a4f31dae2ec5f6ed2373ca178de57c22082eced5e7bdc4fe0d3a8544c6c9862e"),
        (64, "ddf708c13e3fb0151207282c6ca61b81cc90a90ed76859a536e1d3074d979b90"),
        (119, "cd565d179bbb29a740f62c40ca9e172893bebb209356ca13352a356bdab9385d"),
        (120, "4f77eac6fa3941066ca28cb6b68f26d796ce4a4847dcc0390fc82d8357b45f1c"),
        (128, "d9c9011270556e799fab4657ede54a509b28f9c589ede357f89136d841c38626"),
    ];
    for (len, expected) in cases {
        let secret = vec![b'x'; len];
        assert_eq!(text(|s| credentials::write_password(s, &secret, b"2025041401")).unwrap(), expected, "{len}");
    }
    assert_eq!(text(|s| credentials::write_password(s, &[b'x'; 129], b"2025041401")), Err(Status::InvalidSecret));
}

#[test]
fn huawei_documented_password() {
    let password = text(|s| credentials::write_password(s, b"12345678", b"2025041401")).unwrap();
    assert_eq!(password, "c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a");
}

#[test]
fn protocol_password_vectors() {
    let cases: [(&str, &str, &str); 4] = [
        ("ac4263b86eaf6442997a", "2022010507", "60cc88f72fb885ed7cfc0140417dd79633e26a4a0cc00572cb6a118cde54cb36"),
        ("pässwörd-密钥", "2023123123", "72ebba6cf6586d845e57d2fcf95c2ccf77c8502af7b981c8a4ac7ef4ab4f6177"),
        ("ac4263b86eaf6442997a", "2018072417", "6e7d7f127575f6175c597ec3f98c1ca6e2da647274fb5eeb88f42bde2407f002"),
        // A MAC with a zero byte: hex-encoded in full, the timestamp never bumped (§5.4).
        ("ac4263b86eaf6442997a", "2022010501", "e367c7341a00db4f6405041049338a7e806877a0ec20d0c01f053dc7eaecd314"),
    ];
    for (secret, ts, expected) in cases {
        assert_eq!(text(|s| credentials::write_password(s, secret.as_bytes(), ts.as_bytes())).unwrap(), expected);
    }
    // V4's empty secret is refused: the platform never issues one.
    assert_eq!(text(|s| credentials::write_password(s, b"", b"2024022900")), Err(Status::InvalidSecret));
}

#[test]
fn connect_triple() {
    let device = "5fbbb784b4ec2202e982e643_868540050954037";
    for (sign, id) in [(SignType::NoTimeCheck, "_0_0_2022010507"), (SignType::TimeCheck, "_0_1_2022010507")] {
        let client_id = text(|s| credentials::write_client_id(s, device.as_bytes(), b"2022010507", sign)).unwrap();
        assert_eq!(client_id, format!("{device}{id}"));
        assert_eq!(client_id.len(), 55);
    }
}

#[test]
fn timestamp_and_event_time() {
    // UTC 2018-07-24 17:56:20 (protocol §6.4).
    let t = DateTime::from_unix(1_532_454_980, 0).unwrap();
    assert_eq!(text(|s| time::write_timestamp(s, &t)).unwrap(), "2018072417");
    assert_eq!(text(|s| time::write_event_time(s, &t, EventTimeFormat::Compact)).unwrap(), "20180724T175620Z");
    assert_eq!(text(|s| time::write_event_time(s, &t, EventTimeFormat::Millis)).unwrap(), "2018-07-24T17:56:20.000Z");
}

#[test]
fn time_sync_worked_example() {
    assert_eq!(time::time_sync_now(1582685678789, 1582685696152, 1582685708109, 1582685680000), Ok(1582685702736));
}
