// faultregs: a user page fault must be invisible to the code that took it.
// faultregs_probe (assembly below) loads recognisable values into every
// general register, sets distinctive arithmetic flags, and records them just
// before a write to the unmapped page at UTEMP.  The handler records what the
// kernel put in the UTrapframe and maps the page; after the trampoline returns
// and the write is retried, the probe records the registers once more.  The
// UTrapframe must hold exactly the registers of the faulting instruction, and
// the code after the fault must find them unchanged.

#include <inc/lib.h>

// A snapshot is eleven words in pushal order and then eip, eflags, esp: the
// order the probe stores them by offset, and the order a UTrapframe holds
// them from utf_regs on.  Slot kOesp is pushal's ignored copy of esp; the
// probe leaves it alone and it is never compared.
enum Slot { kEdi, kEsi, kEbp, kOesp, kEbx, kEdx, kEcx, kEax, kEip, kEflags, kEsp, kSlots };
struct Snapshot {
	uint32_t word[kSlots];
};
static_assert(sizeof(Snapshot) == 44 && sizeof(Snapshot) == sizeof(UTrapframe) - offsetof(UTrapframe, utf_regs));
static_assert(offsetof(UTrapframe, utf_eip) - offsetof(UTrapframe, utf_regs) == 4 * kEip);
static_assert(offsetof(UTrapframe, utf_eflags) - offsetof(UTrapframe, utf_regs) == 4 * kEflags);
static_assert(offsetof(UTrapframe, utf_esp) - offsetof(UTrapframe, utf_regs) == 4 * kEsp);

static const char* const kSlotName[kSlots] = {"edi", "esi", "ebp", "oesp", "ebx", "edx",
					      "ecx", "eax", "eip", "eflags", "esp"};

extern "C" {
Snapshot faultregs_before, faultregs_after;
void faultregs_probe(void);
}
static Snapshot seen_by_handler;

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

static void record_and_map(UTrapframe* utf) {
	if (utf->utf_fault_va != UTEMP)
		panic("faultregs: unexpected fault at %08x", utf->utf_fault_va);
	memcpy(seen_by_handler.word, &utf->utf_regs, sizeof seen_by_handler.word);
	if (int err = sys_page_alloc(0, (void*)UTEMP, PTE_P | PTE_U | PTE_W); err < 0)
		panic("faultregs: cannot map UTEMP: %s", errstr(err));
}

// Compare the slots of 'got' with the reference snapshot, name each that
// differs, and give the verdict line the grade reads.  The resume flag may
// be set in the eflags the CPU saves for a fault; the faulting code cannot
// see it, so it never counts.
static void compare(const char* verdict, const char* got_name, const Snapshot& got, bool with_eip) {
	int differing = 0;
	for (int s = 0; s < kSlots; s++) {
		if (s == kOesp || (s == kEip && !with_eip))
			continue;
		uint32_t want = faultregs_before.word[s], have = got.word[s];
		if (s == kEflags) {
			want &= ~FL_RF;
			have &= ~FL_RF;
		}
		if (want != have) {
			cprintf("faultregs: %s is %08x %s, but was %08x before the fault\n", kSlotName[s], have,
				got_name, want);
			differing++;
		}
	}
	cprintf("Registers %s %s\n", verdict, differing == 0 ? "OK" : "MISMATCH");
}

void umain(int, char**) {
	set_pgfault_handler(record_and_map);
	faultregs_probe();

	// The eip the probe records after the fault is a constant, not the
	// register, so only the UTrapframe's eip is compared.
	compare("in UTrapframe", "in the UTrapframe", seen_by_handler, true);
	compare("after page-fault", "after the fault", faultregs_after, false);

	if (*(volatile uint32_t*)UTEMP != 0x42)
		panic("faultregs: the retried write never reached UTEMP");
}
