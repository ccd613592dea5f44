//! Byte output into a caller buffer that keeps counting past its end, so one pass both writes
//! the result and answers "how big must the buffer be" (the required-size query).

pub struct Sink<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> Sink<'a> {
    pub fn new(buf: &'a mut [u8]) -> Self {
        Sink { buf, len: 0 }
    }

    /// Resumes a sink that already holds `len` bytes (streaming writers keep `len` between calls).
    pub fn resume(buf: &'a mut [u8], len: usize) -> Self {
        Sink { buf, len }
    }

    pub fn byte(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
        }
        self.len = self.len.saturating_add(1);
    }

    pub fn bytes(&mut self, bytes: &[u8]) {
        // Element-wise on purpose: `copy_from_slice` can leave a panic path behind (firmware-facts F6.1).
        if let Some(room) = self.buf.get_mut(self.len..) {
            for (dst, src) in room.iter_mut().zip(bytes) {
                *dst = *src;
            }
        }
        self.len = self.len.saturating_add(bytes.len());
    }

    /// Bytes produced so far, including any that did not fit.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn fits(&self) -> bool {
        self.len <= self.buf.len()
    }

    /// Ends the output: the length written, or `BufferTooSmall` carrying the length needed.
    /// Adds a NUL after the text when there is room for it (it is not counted).
    pub fn finish(mut self) -> Result<usize, usize> {
        if !self.fits() {
            return Err(self.len);
        }
        self.terminate();
        Ok(self.len)
    }

    /// Writes a NUL after the output if there is room (not counted in the length).
    pub fn terminate(&mut self) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = 0;
        }
    }
}

/// Writes `value` in decimal. Values that fit 32 bits divide by 10 (a multiply on every core);
/// larger ones subtract powers of ten, so no 64-bit divide helper is linked on 32-bit cores.
pub fn write_u64(out: &mut Sink, value: u64) {
    if let Ok(small) = u32::try_from(value) {
        write_u32(out, small);
        return;
    }
    const POWERS: [u64; 20] = {
        let mut p = [1u64; 20];
        let mut i = 1;
        while i < 20 {
            p[i] = p[i - 1] * 10;
            i += 1;
        }
        p
    };
    let mut rest = value;
    let mut started = false;
    for power in POWERS.iter().rev() {
        let mut digit = 0u8;
        while rest >= *power {
            rest -= *power;
            digit += 1;
        }
        if digit != 0 || started || *power == 1 {
            out.byte(b'0' + digit);
            started = true;
        }
    }
}

fn write_u32(out: &mut Sink, value: u32) {
    let mut digits = [0u8; 10];
    let mut rest = value;
    let mut count = 0;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
        count += 1;
        if rest == 0 {
            break;
        }
    }
    out.bytes(digits.get(digits.len() - count..).unwrap_or(&[]));
}

pub fn write_i64(out: &mut Sink, value: i64) {
    if value < 0 {
        out.byte(b'-');
    }
    write_u64(out, value.unsigned_abs());
}
