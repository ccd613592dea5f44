# huaweicloud user C module: fragment for MicroPython's CMake-based ports
# (MicroPython >= 1.15: esp32, rp2, ...).
#
# Use (same USER_C_MODULES value as the make builds; a directory is taken to
# mean <dir>/micropython.cmake):
#   make USER_C_MODULES=<repo>/micropython-glue ...            (port wrapper)
#   cmake -DUSER_C_MODULES=<repo>/micropython-glue/micropython.cmake ...
# To combine with other modules, include() this file from your own
# top-level micropython.cmake.
#
# Options (-D on the cmake command line, or set before this file is included):
#   HUAWEICLOUD_LIB=/path/libhuaweicloud.a
#       Link this prebuilt static library and do not run cargo.
#   HUAWEICLOUD_TARGET=<rust target triple>   (default: the host's)
#       Otherwise every build runs (cargo decides what is stale)
#         cargo rustc --manifest-path <repo>/Cargo.toml --lib
#               --crate-type staticlib --release --target ${HUAWEICLOUD_TARGET}
#       (this form keeps the release profile's LTO) and links
#       <repo>/target/${HUAWEICLOUD_TARGET}/release/libhuaweicloud.a
#       (or under $ENV{CARGO_TARGET_DIR} if set).  For firmware set the MCU's
#       target, e.g. thumbv6m-none-eabi (RP2040), thumbv8m.main-none-eabihf
#       (RP2350), riscv32imc-unknown-none-elf (ESP32-C3).
#   HUAWEICLOUD_CARGO (default: cargo), HUAWEICLOUD_RUSTC (default: rustc;
#       only used to find the host's triple).
#   HUAWEICLOUD_OBJCOPY (default: ${CMAKE_OBJCOPY}, else objcopy): after
#       every cargo run the archive goes through
#       <repo>/scripts/localize-archive.sh with it, which drops Rust's
#       compiler_builtins members and leaves only the hwc_* symbols global
#       (docs/firmware.md, "What the archive exports"), so the archive cannot
#       replace the port's memcpy/fmod/... whatever the link order.  It must
#       understand the target's objects (the toolchain's own objcopy does).
#       A prebuilt HUAWEICLOUD_LIB is linked as it is.

get_filename_component(HUAWEICLOUD_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

add_library(usermod_huaweicloud INTERFACE)

target_sources(usermod_huaweicloud INTERFACE
    ${CMAKE_CURRENT_LIST_DIR}/modhuaweicloud.c
)

target_include_directories(usermod_huaweicloud INTERFACE
    ${HUAWEICLOUD_ROOT}/cbindings
)

# Needed by the three-argument MP_REGISTER_MODULE of MicroPython <= 1.18;
# harmless on newer versions.
target_compile_definitions(usermod_huaweicloud INTERFACE
    MODULE_HUAWEICLOUD_ENABLED=1
)

if(HUAWEICLOUD_LIB)
    # A relative path is taken relative to the current source directory.
    get_filename_component(HUAWEICLOUD_ARCHIVE "${HUAWEICLOUD_LIB}" ABSOLUTE)
    if(NOT EXISTS "${HUAWEICLOUD_ARCHIVE}")
        message(FATAL_ERROR "huaweicloud: HUAWEICLOUD_LIB=${HUAWEICLOUD_LIB} does not exist")
    endif()
else()
    if(NOT HUAWEICLOUD_CARGO)
        set(HUAWEICLOUD_CARGO cargo)
    endif()
    if(NOT HUAWEICLOUD_RUSTC)
        set(HUAWEICLOUD_RUSTC rustc)
    endif()
    if(NOT HUAWEICLOUD_OBJCOPY)
        if(CMAKE_OBJCOPY)
            set(HUAWEICLOUD_OBJCOPY ${CMAKE_OBJCOPY})
        else()
            set(HUAWEICLOUD_OBJCOPY objcopy)
        endif()
    endif()
    if(NOT HUAWEICLOUD_TARGET)
        if(CMAKE_CROSSCOMPILING)
            message(WARNING "huaweicloud: cross-compiling but HUAWEICLOUD_TARGET is not set; "
                "building the Rust library for the host")
        endif()
        execute_process(
            COMMAND ${HUAWEICLOUD_RUSTC} -vV
            OUTPUT_VARIABLE _huaweicloud_rustc_vv
            RESULT_VARIABLE _huaweicloud_rustc_rc
            ERROR_QUIET
        )
        string(REGEX MATCH "host: ([^\n]+)" _huaweicloud_host_line "${_huaweicloud_rustc_vv}")
        set(HUAWEICLOUD_TARGET "${CMAKE_MATCH_1}")
        if(NOT _huaweicloud_rustc_rc EQUAL 0 OR NOT HUAWEICLOUD_TARGET)
            message(FATAL_ERROR "huaweicloud: cannot find the host's Rust target with "
                "'${HUAWEICLOUD_RUSTC} -vV'; set HUAWEICLOUD_TARGET or HUAWEICLOUD_LIB")
        endif()
    endif()
    if(DEFINED ENV{CARGO_TARGET_DIR})
        get_filename_component(_huaweicloud_target_dir "$ENV{CARGO_TARGET_DIR}" ABSOLUTE)
    else()
        set(_huaweicloud_target_dir "${HUAWEICLOUD_ROOT}/target")
    endif()
    set(HUAWEICLOUD_ARCHIVE
        "${_huaweicloud_target_dir}/${HUAWEICLOUD_TARGET}/release/libhuaweicloud.a")

    # Always runs; cargo leaves the archive untouched when it is up to date,
    # and the link step depends on the archive file, so a rebuilt library
    # relinks the firmware.  Cargo re-links the unprocessed archive from
    # deps/ at every run, so the localization runs every time too (it keeps
    # cargo's timestamp).
    add_custom_target(huaweicloud_cargo
        COMMAND ${CMAKE_COMMAND} -E env "CARGO_TARGET_DIR=${_huaweicloud_target_dir}"
            ${HUAWEICLOUD_CARGO} rustc
            --manifest-path ${HUAWEICLOUD_ROOT}/Cargo.toml
            --lib --crate-type staticlib --release
            --target ${HUAWEICLOUD_TARGET}
        COMMAND sh ${HUAWEICLOUD_ROOT}/scripts/localize-archive.sh
            ${HUAWEICLOUD_ARCHIVE} ${HUAWEICLOUD_OBJCOPY}
        BYPRODUCTS ${HUAWEICLOUD_ARCHIVE}
        WORKING_DIRECTORY ${HUAWEICLOUD_ROOT}
        COMMENT "cargo: libhuaweicloud.a for ${HUAWEICLOUD_TARGET}"
        VERBATIM
    )
endif()

# The archive as an imported library (GLOBAL: ports link `usermod` from
# other directories), after the objects on the link line.
add_library(huaweicloud_rust STATIC IMPORTED GLOBAL)
set_target_properties(huaweicloud_rust PROPERTIES
    IMPORTED_LOCATION ${HUAWEICLOUD_ARCHIVE}
)
if(TARGET huaweicloud_cargo)
    # Dependencies of an imported target are followed by whatever links it.
    add_dependencies(huaweicloud_rust huaweicloud_cargo)
endif()
target_link_libraries(usermod_huaweicloud INTERFACE huaweicloud_rust)

target_link_libraries(usermod INTERFACE usermod_huaweicloud)
