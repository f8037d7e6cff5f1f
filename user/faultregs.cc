// faultregs: a user page fault must be invisible to the code that took it.
// faultregs_probe (assembly below) loads recognisable values into every
// general register, sets distinctive arithmetic flags, and records them just
// before a write to the unmapped page at UTEMP.  The handler records what the
// kernel put in the UTrapframe and maps the page; after the trampoline returns
// and the write is retried, the probe records the registers once more.  All
// three snapshots must agree (the UTrapframe's eip must be the faulting
// instruction's address).

#include <inc/lib.h>

// One snapshot.  The layout is fixed: the assembly stores by offset.
struct Regs {
	PushRegs regs;     // 0: edi esi ebp oesp ebx edx ecx eax
	uintptr_t eip;     // 32
	uint32_t eflags;   // 36
	uintptr_t esp;     // 40
};
static_assert(sizeof(Regs) == 44);
static_assert(offsetof(Regs, eip) == 32 && offsetof(Regs, eflags) == 36 && offsetof(Regs, esp) == 40);

extern "C" {
Regs faultregs_before, faultregs_during, faultregs_after;
void faultregs_probe(void);
}

static_assert(UTEMP == 0x400000, "the probe below writes to UTEMP by its address");

// Callee-saved registers are pushed and restored, so the probe is an ordinary
// cdecl function.  Between the first and the last snapshot only mov touches
// the registers, and mov leaves the flags alone.  The direction flag stays
// clear: the handler is C code and may use string instructions.
asm(R"(
	.pushsection .text
	.globl faultregs_probe
	.type faultregs_probe, @function
faultregs_probe:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi

	# OF, SF, AF and PF from 0x7fffffff + 1, then CF.
	movl $0x7fffffff, %eax
	addl $1, %eax
	stc

	movl $0xeaeaea01, %eax
	movl $0xebebeb02, %ebx
	movl $0xecacec03, %ecx
	movl $0xededed04, %edx
	movl $0x51515105, %esi
	movl $0xd1d1d106, %edi
	movl $0xbebebe07, %ebp

	movl %edi, faultregs_before+0
	movl %esi, faultregs_before+4
	movl %ebp, faultregs_before+8
	movl %ebx, faultregs_before+16
	movl %edx, faultregs_before+20
	movl %ecx, faultregs_before+24
	movl %eax, faultregs_before+28
	movl $faultregs_fault, faultregs_before+32
	pushfl
	popl faultregs_before+36
	movl %esp, faultregs_before+40

faultregs_fault:
	movl $0x42, 0x400000	# UTEMP: faults once, then the handler maps it

	movl %edi, faultregs_after+0
	movl %esi, faultregs_after+4
	movl %ebp, faultregs_after+8
	movl %ebx, faultregs_after+16
	movl %edx, faultregs_after+20
	movl %ecx, faultregs_after+24
	movl %eax, faultregs_after+28
	movl $faultregs_fault, faultregs_after+32
	pushfl
	popl faultregs_after+36
	movl %esp, faultregs_after+40

	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret
	.size faultregs_probe, . - faultregs_probe
	.popsection
)");

static void handler(UTrapframe* utf) {
	if (utf->utf_fault_va != UTEMP)
		panic("fault at %x, not at UTEMP", utf->utf_fault_va);

	faultregs_during.regs = utf->utf_regs;
	faultregs_during.eip = utf->utf_eip;
	// The CPU may set the resume flag in the eflags it saves for a fault;
	// that is not a change the faulting code can see.
	faultregs_during.eflags = utf->utf_eflags & ~FL_RF;
	faultregs_during.esp = utf->utf_esp;

	int r;
	if ((r = sys_page_alloc(0, (void*)ROUNDDOWN(utf->utf_fault_va, PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %s", errstr(r));
}

// Compare one register; print a line for it either way.
static bool check_reg(const char* name, uint32_t expected, uint32_t seen) {
	bool ok = expected == seen;
	cprintf("%-6s %08x %08x %s\n", name, expected, seen, ok ? "OK" : "MISMATCH");
	return ok;
}

// Compare snapshot b with the reference a; what says which comparison it is.
static void check_regs(const Regs& a, const char* an, const Regs& b, const char* bn,
		       const char* what, bool check_eip) {
	bool ok = true;

	cprintf("%-6s %-8s %-8s\n", "", an, bn);
	ok &= check_reg("edi", a.regs.reg_edi, b.regs.reg_edi);
	ok &= check_reg("esi", a.regs.reg_esi, b.regs.reg_esi);
	ok &= check_reg("ebp", a.regs.reg_ebp, b.regs.reg_ebp);
	ok &= check_reg("ebx", a.regs.reg_ebx, b.regs.reg_ebx);
	ok &= check_reg("edx", a.regs.reg_edx, b.regs.reg_edx);
	ok &= check_reg("ecx", a.regs.reg_ecx, b.regs.reg_ecx);
	ok &= check_reg("eax", a.regs.reg_eax, b.regs.reg_eax);
	if (check_eip)
		ok &= check_reg("eip", a.eip, b.eip);
	ok &= check_reg("eflags", a.eflags & ~FL_RF, b.eflags & ~FL_RF);
	ok &= check_reg("esp", a.esp, b.esp);
	cprintf("Registers %s %s\n", what, ok ? "OK" : "MISMATCH");
}

void umain(int, char**) {
	set_pgfault_handler(handler);
	faultregs_probe();

	check_regs(faultregs_before, "before", faultregs_during, "trap", "in UTrapframe", true);
	check_regs(faultregs_before, "before", faultregs_after, "after", "after page-fault", false);

	// The retried write must have reached the page the handler mapped.
	if (*(volatile uint32_t*)UTEMP != 0x42)
		panic("the write to UTEMP was lost");
}
