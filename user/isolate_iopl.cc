// isolate_iopl: user mode runs with IOPL 0 and interrupts on, whatever it
// does to eflags.  A page-fault handler that sets IOPL 3 and clears IF in
// the UTrapframe gets back an eflags with IOPL 0 and IF 1 (the
// trampoline's popfl cannot change either at CPL 3), and so does popf in
// plain code.  Then cli, I/O instructions and the other privileged
// instructions are general protection faults that kill the env: each in a
// child of its own.  (An outb to port 0xf4 that went through would make
// QEMU exit: the isa-debug-exit device.)

#include <inc/x86.h>

#include "isolate.h"

const uintptr_t PROBE = 0x10000000;

static void report_eflags(const char* after) {
	uint32_t fl = read_eflags();
	uint32_t iopl = (fl & FL_IOPL_MASK) >> 12;
	cprintf("isolate_iopl: after %s: IOPL %d, IF %d%s\n", after, iopl, (fl & FL_IF) ? 1 : 0,
		iopl != 0 || !(fl & FL_IF) ? " ESCALATED" : "");
}

// Map the page, and ask for IOPL 3 with interrupts off on the way back.
static void handler(UTrapframe* utf) {
	if (ROUNDDOWN(utf->utf_fault_va, PGSIZE) != PROBE) {
		cprintf("isolate_iopl: unexpected fault at %08x\n", utf->utf_fault_va);
		exit();
	}
	if (int r = sys_page_alloc(0, (void*)PROBE, PTE_P | PTE_U | PTE_W); r < 0)
		panic("sys_page_alloc: %s", errstr(r));
	utf->utf_eflags = (utf->utf_eflags | FL_IOPL_3) & ~FL_IF;
}

static void cli(void) { asm volatile("cli"); }
static void sti(void) { asm volatile("sti"); }
static void hlt(void) { asm volatile("hlt"); }
static void inb_kbd(void) { (void)inb(0x60); }
static void outb_exit(void) { outb(0xf4, 0x00); }
static void read_cr3(void) { (void)rcr3(); }
static void load_idt(void) {
	static const uint8_t zero[6] = {};
	lidt(zero);
}
static void clts(void) { asm volatile("clts"); }
static void wbinvd(void) { asm volatile("wbinvd"); }
static void rdmsr_apic(void) { asm volatile("rdmsr" : : "c"(0x1b) : "eax", "edx"); }

struct Insn {
	const char* name;
	void (*run)(void);
};
const Insn PRIVILEGED[] = {{"sti", sti},          {"hlt", hlt},           {"inb $0x60", inb_kbd},
			   {"outb $0xf4", outb_exit}, {"mov %cr3", read_cr3}, {"lidt", load_idt},
			   {"clts", clts},        {"wbinvd", wbinvd},     {"rdmsr", rdmsr_apic}};

// The upcall's eflags trick, then cli.
static void upcall_child(uint32_t) {
	set_pgfault_handler(handler);
	*(volatile uint32_t*)PROBE = 1;  // faults once; the handler maps it
	report_eflags("the upcall set IOPL 3 and cleared IF");
	write_eflags((read_eflags() | FL_IOPL_3) & ~FL_IF);
	report_eflags("popf with IOPL 3 and IF 0");
	cprintf("isolate_iopl: trying cli\n");
	cli();
	cprintf("isolate_iopl: cli RETURNED\n");
}

static void insn_child(uint32_t i) {
	cprintf("isolate_iopl: trying %s\n", PRIVILEGED[i].name);
	PRIVILEGED[i].run();
	cprintf("isolate_iopl: %s RETURNED\n", PRIVILEGED[i].name);
}

void umain(int, char**) {
	run_child(upcall_child, 0);
	for (uint32_t i = 0; i < sizeof(PRIVILEGED) / sizeof(PRIVILEGED[0]); i++)
		run_child(insn_child, i, true);
	cprintf("isolate_iopl: done\n");
}
