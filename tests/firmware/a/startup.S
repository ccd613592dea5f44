/* Reset and exception entry for the bare-metal Cortex-A harness (QEMU vexpress-a9, an ARMv7-A
 * stand-in for the UNISOC Cortex-A5): stack, VFP/NEON on, alignment checking on (SCTLR.A: any
 * unaligned access traps, as the firmware is built with -mno-unaligned-access), vectors. */
    .syntax unified
    .arm
    .section .vectors, "ax"
    .global _start
    .balign 32
vectors:
    b   _start          /* reset */
    b   undefined_entry /* undefined instruction */
    b   other_entry     /* SVC */
    b   prefetch_entry  /* prefetch abort */
    b   data_entry      /* data abort */
    b   other_entry
    b   other_entry     /* IRQ */
    b   other_entry     /* FIQ */

_start:
    ldr     sp, =__stack_top
    ldr     r0, =vectors
    mcr     p15, 0, r0, c12, c0, 0      /* VBAR */
    mrc     p15, 0, r0, c1, c0, 2       /* CPACR: CP10/CP11 full access */
    orr     r0, r0, #(0xf << 20)
    mcr     p15, 0, r0, c1, c0, 2
    isb
    mov     r0, #0x40000000             /* FPEXC.EN */
    vmsr    fpexc, r0
    mrc     p15, 0, r0, c1, c0, 0       /* SCTLR: A (alignment check) on, V off */
    orr     r0, r0, #2
    bic     r0, r0, #(1 << 13)
    mcr     p15, 0, r0, c1, c0, 0
    isb
    blx     a_reset                     /* C (Thumb or ARM), never returns */
1:  b       1b

undefined_entry:
    mov     r0, #1
    b       exception_entry
prefetch_entry:
    mov     r0, #2
    b       exception_entry
data_entry:
    mov     r0, #3
    b       exception_entry
other_entry:
    mov     r0, #0
exception_entry:
    ldr     sp, =__stack_top
    sub     r1, lr, #8
    blx     a_exception
2:  b       2b
