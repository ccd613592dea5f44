//! Huawei Cloud IoTDA device protocol for small devices: MQTT credentials, every device topic,
//! JSON payload encoders and decoders. `no_std`, no allocation, no panics; every output goes
//! into a caller buffer. The C ABI (`ffi`) is the only `unsafe` code.
#![cfg_attr(not(any(test, feature = "std")), no_std)]
#![forbid(unsafe_op_in_unsafe_fn)]

pub mod credentials;
pub mod error;
pub mod ffi;
pub mod json;
pub mod message;
mod packing;
pub mod sink;
pub mod time;
pub mod topic;

#[cfg(not(any(test, feature = "std")))]
mod panic {
    // With `panic-link-check` any panic path left after optimisation references a symbol that
    // does not exist, so linking a program that can reach one fails (CI only).
    #[cfg(feature = "panic-link-check")]
    extern "C" {
        fn __huaweicloud_panic_path_survived_optimization() -> !;
    }

    #[panic_handler]
    fn on_panic(_: &core::panic::PanicInfo) -> ! {
        #[cfg(feature = "panic-link-check")]
        unsafe {
            __huaweicloud_panic_path_survived_optimization()
        }
        #[cfg(not(feature = "panic-link-check"))]
        loop {
            core::hint::spin_loop();
        }
    }
}
