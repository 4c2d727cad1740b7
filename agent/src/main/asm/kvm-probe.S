# The probe guest of the agent's accelerator check (io.drover.agent.accel.KvmProbe): a 512-byte
# boot sector that SeaBIOS loads from a floppy. It does what a kernel does early in its boot and
# reports each stage on COM1, so the agent can tell how far a guest got under KVM:
#   R  real mode, after the BIOS
#   T  timer interrupts arrive (two BIOS ticks pass)
#   P  32-bit protected mode
#   L  64-bit long mode with paging (identity map of the first GiB, 2 MiB pages)
#   DROVER-PROBE-OK  after writing and summing 32 MiB twice: nested KVM that runs the BIOS can
#                    hang here, where guest memory is first touched, as a real kernel hangs
# then it exits QEMU through isa-debug-exit (status 3).
#
# Rebuild the image after a change (ProbePayloadTest checks it matches this source):
#   as --32 -o p.o kvm-probe.S && ld -m elf_i386 -Ttext 0x7c00 --oformat binary -o kvm-probe.img p.o
#   mv kvm-probe.img ../resources/io/drover/agent/accel/
        .code16
        .globl _start
_start:
        cli
        xor %ax, %ax
        mov %ax, %ds
        mov %ax, %es
        mov %ax, %ss
        mov $0x7c00, %sp
        mov $0x3f8, %dx
        mov $'R', %al
        out %al, %dx
        sti                           # the BIOS tick count at 0x46c must move by 2
        mov 0x46c, %bx
        add $2, %bx
1:      hlt
        mov 0x46c, %cx
        cmp %bx, %cx
        jb 1b
        cli
        mov $'T', %al
        out %al, %dx
        mov $0x1000, %di              # page tables: PML4 0x1000, PDPT 0x2000, PD 0x3000
        mov $0x1800, %cx
        xor %ax, %ax
        rep stosw
        movl $0x2003, 0x1000
        movl $0x3003, 0x2000
        mov $0x3000, %di
        mov $0x83, %eax
        mov $512, %cx
2:      mov %eax, (%di)
        add $0x200000, %eax
        add $8, %di
        loop 2b
        lgdt gdtr
        mov %cr0, %eax
        or $1, %eax
        mov %eax, %cr0
        ljmp $0x08, $pm32
        .code32
pm32:
        mov $0x10, %ax
        mov %ax, %ds
        mov %ax, %es
        mov %ax, %ss
        mov $'P', %al
        out %al, %dx
        mov %cr4, %eax
        or $0x20, %eax                # PAE
        mov %eax, %cr4
        mov $0x1000, %eax
        mov %eax, %cr3
        mov $0xC0000080, %ecx         # EFER.LME
        rdmsr
        or $0x100, %eax
        wrmsr
        mov %cr0, %eax
        or $0x80000000, %eax          # paging on: long mode
        mov %eax, %cr0
        ljmp $0x18, $lm64
        .code64
lm64:
        mov $'L', %al
        mov $0x3f8, %dx
        out %al, %dx
        mov $2, %r8
3:      mov $0x200000, %rdi           # write 32 MiB above 2 MiB, then sum it
        mov $0x400000, %rcx
        mov $0x0123456789abcdef, %rax
        rep stosq
        mov $0x200000, %rsi
        mov $0x400000, %rcx
        xor %rbx, %rbx
4:      add (%rsi), %rbx
        add $8, %rsi
        dec %rcx
        jnz 4b
        dec %r8
        jnz 3b
        mov $done, %esi
5:      lodsb
        test %al, %al
        jz 6f
        out %al, %dx
        jmp 5b
6:      mov $0x01, %al
        out %al, $0xf4
7:      hlt
        jmp 7b
        .p2align 3
gdt:    .quad 0
        .quad 0x00cf9a000000ffff      # 0x08 32-bit code
        .quad 0x00cf92000000ffff      # 0x10 data
        .quad 0x00af9a000000ffff      # 0x18 64-bit code
gdtr:   .word gdtr - gdt - 1
        .long gdt
done:   .asciz "DROVER-PROBE-OK\n"
        .org 510
        .byte 0x55, 0xaa
