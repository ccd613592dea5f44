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

/// Writes `magnitude * 10^-scale`: 2345, 2 gives `23.45`, 5, 3 gives `0.005`; scale 0 is a plain
/// integer. The width is known up front, so the text is made right to left straight into the
/// buffer (no scratch copy), the point dropped in after `scale` digits.
pub fn write_decimal(out: &mut Sink, magnitude: u64, scale: usize) {
    // Digits of `magnitude` (u64 has at most 20; the cap keeps `limit` from overflowing).
    let mut count = 1;
    let mut limit = 10u64;
    while count < 20 && magnitude >= limit {
        count += 1;
        limit = limit.wrapping_mul(10);
    }
    let width = count.max(scale + 1) + usize::from(scale != 0);
    let end = out.len.saturating_add(width);
    let mut rest = magnitude;
    for at in 0..width {
        let b = if at == scale && scale != 0 {
            b'.'
        } else {
            let (quotient, digit) = div10(rest);
            rest = quotient;
            b'0' + digit
        };
        if let Some(slot) = out.buf.get_mut(end.wrapping_sub(at + 1)) {
            *slot = b;
        }
    }
    out.len = end;
}

/// `(n / 10, n % 10)` from 32-bit divisions only: a 64-bit divide is a libgcc call on 32-bit cores.
/// Past 32 bits: the high word, then the low word 16 bits at a time (each remainder carried is below 10).
fn div10(n: u64) -> (u64, u8) {
    let high = (n >> 32) as u32;
    let low = n as u32;
    if high == 0 {
        return (u64::from(low / 10), (low % 10) as u8);
    }
    let middle = ((high % 10) << 16) | (low >> 16);
    let bottom = ((middle % 10) << 16) | (low & 0xffff);
    let quotient = (u64::from(high / 10) << 32) | u64::from(((middle / 10) << 16) | (bottom / 10));
    (quotient, (bottom % 10) as u8)
}
