// The kernel monitor: reads a line, splits it into words and runs the
// command named by the first.  It runs with the kernel lock held and never
// touches user memory except through the explicit dump commands.

#include <inc/memlayout.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/console.h>
#include <kern/kdebug.h>
#include <kern/env.h>
#include <kern/monitor.h>
#include <kern/pmap.h>
#include <kern/trap.h>

// One monitor command: the word that invokes it, the line help prints for
// it, and the code.  run gets the words of the command line (words[0] is
// the command's own) and the trapframe the monitor was entered with, if any;
// a negative result leaves the monitor.
struct Command {
	const char* word;
	const char* summary;
	int (*run)(int argc, char** argv, Trapframe* tf);
};

// In the order help lists them.
static const Command commands[] = {
    {"help", "List the commands and what each one does", mon_help},
    {"kerninfo", "Where the kernel's sections start and end, and its size", mon_kerninfo},
    {"backtrace", "The chain of stack frames from here outwards, with source lines", mon_backtrace},
    {"showmappings", "showmappings LO HI: the mapping of each page in [LO, HI]", mon_showmappings},
    {"setperm", "setperm VA PERM: set the P/W/U bits of VA's page (hex, or letters like PW-)", mon_setperm},
    {"dumpmem", "dumpmem [-p] ADDR LEN: LEN bytes at virtual (or -p physical) ADDR", mon_dumpmem},
    {"continue", "Resume the environment that trapped into the monitor", mon_continue},
    {"stepi", "Execute one instruction of that environment, then return here", mon_stepi},
};

int mon_help(int, char**, Trapframe*) {
	for (const Command& c : commands)
		cprintf("%s - %s\n", c.word, c.summary);
	return 0;
}

int mon_kerninfo(int, char**, Trapframe*) {
	extern char _start[], entry[], etext[], edata[], end[];
	cprintf("Special kernel symbols:\n");
	cprintf("  _start                  %08x (phys)\n", (uint32_t)_start);
	cprintf("  entry  %08x (virt)  %08x (phys)\n", (uint32_t)entry, (uint32_t)entry - KERNBASE);
	cprintf("  etext  %08x (virt)  %08x (phys)\n", (uint32_t)etext, (uint32_t)etext - KERNBASE);
	cprintf("  edata  %08x (virt)  %08x (phys)\n", (uint32_t)edata, (uint32_t)edata - KERNBASE);
	cprintf("  end    %08x (virt)  %08x (phys)\n", (uint32_t)end, (uint32_t)end - KERNBASE);
	cprintf("Kernel executable memory footprint: %dKB\n", ROUNDUP((uint32_t)(end - entry), 1024) / 1024);
	return 0;
}

// Print the source line for a frame's return address.  Kernel addresses
// come from the kernel's own tables; user addresses from the symbol table
// of the program the current env runs.
[[maybe_unused]] static void print_frame_info(uintptr_t eip) {
	// @exercise 1.3 print_frame_info
	Eipdebuginfo info;
	char name[64];
	// eip is a return address: the call is the instruction before it.
	if (eip >= ULIM) {
		if (debuginfo_eip(eip - 1, &info) == 0)
			cprintf("         %s:%d: %.*s+%d\n", info.eip_file, info.eip_line, info.eip_fn_namelen,
				info.eip_fn_name, eip - info.eip_fn_addr);
		else
			cprintf("         (no source information for %08x)\n", eip);
		return;
	}
	const char* prog = curenv ? env_progname[ENVX(curenv->env_id)] : nullptr;
	const UserProg* up = prog ? find_userprog(prog) : nullptr;
	if (up && debuginfo_user(up->binary, up->size, eip - 1, &info, name, sizeof(name)) == 0)
		cprintf("         user/%s: %.*s+%d\n", prog, info.eip_fn_namelen, info.eip_fn_name, eip - info.eip_fn_addr);
	else
		cprintf("         (no symbol for user address %08x)\n", eip);
	// @stub
	// |	// Your code here: "         FILE:LINE: FUNCTION+OFFSET" for a kernel
	// |	// eip (debuginfo_eip), "         user/NAME: FUNCTION+OFFSET" for a
	// |	// user one (debuginfo_user on the env's program).
	// |	cprintf("         print_frame_info: not implemented (eip %08x)\n", eip);
	// @end
}

// Walk the chain of saved frame pointers.  Each frame is
//   [ebp+8..]  arguments, [ebp+4] return address, [ebp] caller's ebp;
// the chain ends at the 0 that entry.S puts in ebp before i386_init, or
// at the 0 lib/entry.S's first frame leaves in a user program.  After a
// trap from user mode the chain goes on into the user stack: those frames
// are read only where the env may read them itself.
int mon_backtrace(int, char**, [[maybe_unused]] Trapframe* tf) {
	// @exercise 1.2 mon_backtrace
	cprintf("Stack backtrace:\n");
	bool in_user = false;
	for (const uint32_t* ebp = (const uint32_t*)read_ebp(); ebp != nullptr; ebp = (const uint32_t*)ebp[0]) {
		if ((uintptr_t)ebp < ULIM && !in_user) {
			// Crossing the trap boundary: first the instruction that trapped.
			in_user = true;
			if (!curenv || !tf || (tf->tf_cs & 3) != 3)
				break;
			cprintf("  trap from user mode at eip %08x\n", tf->tf_eip);
			print_frame_info(tf->tf_eip + 1);
		}
		if (in_user && user_mem_check(curenv, ebp, 2 * sizeof(uint32_t), PTE_U) < 0) {
			cprintf("  ebp %08x  (not readable by the env: the chain ends)\n", (uint32_t)ebp);
			break;
		}
		uintptr_t eip = ebp[1];
		cprintf("  ebp %08x  eip %08x  args", (uint32_t)ebp, eip);
		for (int i = 2; i < 7; i++) {
			// The outermost user frame's "arguments" may run off the stack.
			if (in_user && user_mem_check(curenv, ebp + i, sizeof(uint32_t), PTE_U) < 0)
				cprintf(" --------");
			else
				cprintf(" %08x", ebp[i]);
		}
		cprintf("\n");
		print_frame_info(eip);
	}
	// @stub
	// |	// Your code here: walk the saved-ebp chain (see read_ebp) and print
	// |	// each frame as the lab text says.
	// |	cprintf("backtrace: not implemented\n");
	// @end
	return 0;
}

/***** Memory commands *****/

// The page directory the CPU is using now.
[[maybe_unused]] static pde_t* current_pgdir(void) { return (pde_t*)KADDR(physaddr_t(rcr3())); }

// Parse a number in base (0: decimal, or hex with 0x); false if s is not
// entirely one.
[[maybe_unused]] static bool parse_num(const char* s, uint32_t* out, int base) {
	char* end;
	if (*s == '\0')
		return false;
	*out = (uint32_t)strtol(s, &end, base);
	return *end == '\0';
}

// Addresses are always hex, with or without 0x.
[[maybe_unused]] static bool parse_hex(const char* s, uint32_t* out) { return parse_num(s, out, 16); }

// @exercise 2.10 show_mapping
// "  va %08x  pa %08x  PWU" for the page holding va (with "(4 MiB page)"
// when a large page maps it), or "not mapped".
[[maybe_unused]] static void show_mapping(pde_t* pgdir, uintptr_t va) {
	va = ROUNDDOWN(va, PGSIZE);
	pte_t* pte = pgdir_walk(pgdir, (void*)va, 0);
	if (!pte || !(*pte & PTE_P)) {
		cprintf("  va %08x  not mapped\n", va);
		return;
	}
	uint32_t pa = PTE_ADDR(*pte);
	if (*pte & PTE_PS)  // a 4 MiB page: the 4 KiB piece holding va
		pa += va & (PTSIZE - 1);
	cprintf("  va %08x  pa %08x  %c%c%c%s\n", va, pa, *pte & PTE_P ? 'P' : '-', *pte & PTE_W ? 'W' : '-',
		*pte & PTE_U ? 'U' : '-', *pte & PTE_PS ? "  (4 MiB page)" : "");
}
// @stub
// |// Your code here: helpers for the memory commands, as you need them.
// @end

int mon_showmappings(int argc, char** argv, Trapframe*) {
	// @exercise 2.10 showmappings
	uint32_t lo, hi;
	if (argc != 3 || !parse_hex(argv[1], &lo) || !parse_hex(argv[2], &hi) || lo > hi) {
		cprintf("usage: showmappings LO HI (hex addresses, LO <= HI)\n");
		return 0;
	}
	pde_t* pgdir = current_pgdir();
	for (uint64_t va = ROUNDDOWN(lo, PGSIZE); va <= hi; va += PGSIZE)
		show_mapping(pgdir, (uintptr_t)va);
	return 0;
	// @stub
	// |	// Your code here.
	// |	(void)argc;
	// |	(void)argv;
	// |	cprintf("showmappings: not implemented\n");
	// |	return 0;
	// @end
}

// @exercise 2.10 parse_perm
// PERM as hex, or as three letters P/W/U with '-' for a clear bit.
[[maybe_unused]] static bool parse_perm(const char* s, uint32_t* perm) {
	if (strlen(s) == 3 && strchr("P-", s[0]) && strchr("W-", s[1]) && strchr("U-", s[2])) {
		*perm = (s[0] == 'P' ? PTE_P : 0) | (s[1] == 'W' ? PTE_W : 0) | (s[2] == 'U' ? PTE_U : 0);
		return true;
	}
	return parse_hex(s, perm) && (*perm & ~(PTE_P | PTE_W | PTE_U)) == 0;
}
// @stub
// @end

int mon_setperm(int argc, char** argv, Trapframe*) {
	// @exercise 2.10 setperm
	uint32_t va, perm;
	if (argc != 3 || !parse_hex(argv[1], &va) || !parse_perm(argv[2], &perm)) {
		cprintf("usage: setperm VA PERM (PERM: hex bits of 0x7, or letters like PW- or P-U)\n");
		return 0;
	}
	pde_t* pgdir = current_pgdir();
	pte_t* pte = pgdir_walk(pgdir, (void*)va, 0);
	if (!pte || !(*pte & PTE_P)) {
		cprintf("setperm: %08x is not mapped\n", va);
		return 0;
	}
	if (*pte & PTE_PS) {
		cprintf("setperm: %08x is in a 4 MiB page\n", va);
		return 0;
	}
	*pte = (*pte & ~(PTE_P | PTE_W | PTE_U)) | perm;
	tlb_invalidate(pgdir, (void*)va);
	show_mapping(pgdir, va);
	return 0;
	// @stub
	// |	// Your code here.
	// |	(void)argc;
	// |	(void)argv;
	// |	cprintf("setperm: not implemented\n");
	// |	return 0;
	// @end
}

int mon_dumpmem(int argc, char** argv, Trapframe*) {
	// @exercise 2.10 dumpmem
	bool phys = argc == 4 && strcmp(argv[1], "-p") == 0;
	uint32_t addr, len;
	if (argc != 3 + phys || !parse_hex(argv[1 + phys], &addr) || !parse_num(argv[2 + phys], &len, 0)) {
		cprintf("usage: dumpmem [-p] ADDR LEN (ADDR hex, physical with -p; LEN decimal or 0x hex)\n");
		return 0;
	}
	pde_t* pgdir = current_pgdir();
	// The dump stops at the top of the 32-bit address space, never wraps.
	constexpr uint64_t top = 1ull << 32;
	uint64_t end = MIN((uint64_t)addr + len, top);
	for (uint64_t a = addr; a < end;) {
		const uint8_t* p;
		if (phys) {
			if (PGNUM((uint32_t)a) >= npages) {
				cprintf("%08x: beyond physical memory\n", (uint32_t)a);
				return 0;
			}
			p = (const uint8_t*)KADDR(physaddr_t((uint32_t)a));
		} else {
			pte_t* pte = pgdir_walk(pgdir, (void*)(uintptr_t)a, 0);
			if (!pte || !(*pte & PTE_P)) {
				cprintf("%08x: not mapped\n", (uint32_t)a);
				a = ROUNDDOWN(a, (uint64_t)PGSIZE) + PGSIZE;
				continue;
			}
			p = (const uint8_t*)(uintptr_t)a;
		}
		// One line: up to 16 bytes, not crossing a page (the next page may
		// be unmapped, or not the next physical page).
		uint64_t stop = MIN(MIN(a + 16, end), ROUNDDOWN(a, (uint64_t)PGSIZE) + PGSIZE);
		cprintf("%08x:", (uint32_t)a);
		for (uint64_t i = 0; i < stop - a; i++)
			cprintf(" %02x", p[i]);
		cprintf("\n");
		a = stop;
	}
	if ((uint64_t)addr + len > top)
		cprintf("(stopped at the end of the address space)\n");
	return 0;
	// @stub
	// |	// Your code here.
	// |	(void)argc;
	// |	(void)argv;
	// |	cprintf("dumpmem: not implemented\n");
	// |	return 0;
	// @end
}

/***** Resuming a trapped environment *****/

// The env that trapped into the monitor, if it can be resumed.
[[maybe_unused]] static bool resumable(Trapframe* tf) {
	if (tf == nullptr || (tf->tf_cs & 3) != 3 || !curenv) {
		cprintf("No user environment stopped here to resume.\n");
		return false;
	}
	return true;
}

int mon_continue(int, char**, Trapframe* tf) {
	// @exercise 3.12 continue
	if (!resumable(tf))
		return 0;
	tf->tf_eflags &= ~FL_TF;
	return -1;  // leave the monitor: trap() resumes the env
	// @stub
	// |	// Your code here.
	// |	(void)tf;
	// |	cprintf("continue: not implemented\n");
	// |	return 0;
	// @end
}

int mon_stepi(int, char**, Trapframe* tf) {
	// @exercise 3.12 stepi
	if (!resumable(tf))
		return 0;
	tf->tf_eflags |= FL_TF;  // a debug trap after one instruction
	return -1;
	// @stub
	// |	// Your code here.
	// |	(void)tf;
	// |	cprintf("stepi: not implemented\n");
	// |	return 0;
	// @end
}

/***** Reading and running command lines *****/

// Words are separated by runs of blanks: space, tab, CR or LF.
static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// A command line may hold this many words, command included.
constexpr int MAX_WORDS = 15;

// Cut line into words in place: every blank becomes a NUL, and words[k]
// points at the first character of the k-th word; words[count] is null.
// The word count, or -1 when there are more than MAX_WORDS.
static int split_words(char* line, char* words[MAX_WORDS + 1]) {
	int count = 0;
	bool inside = false;
	for (char* p = line; *p != '\0'; p++) {
		bool blank = is_blank(*p);
		if (blank)
			*p = '\0';
		else if (!inside) {
			if (count == MAX_WORDS)
				return -1;
			words[count++] = p;
		}
		inside = !blank;
	}
	words[count] = nullptr;
	return count;
}

static const Command* find_command(const char* word) {
	for (const Command& c : commands)
		if (strcmp(c.word, word) == 0)
			return &c;
	return nullptr;
}

// Run one line; negative means the command asked to leave the monitor.
static int execute(char* line, Trapframe* tf) {
	char* words[MAX_WORDS + 1];
	int count = split_words(line, words);
	if (count < 0) {
		cprintf("Too many words on the line (at most %d)\n", MAX_WORDS);
		return 0;
	}
	if (count == 0)
		return 0;
	const Command* c = find_command(words[0]);
	if (!c) {
		cprintf("Unknown command '%s'\n", words[0]);
		return 0;
	}
	return c->run(count, words, tf);
}

void monitor(Trapframe* tf) {
	cprintf("Welcome to the JOS kernel monitor!\n");
	cprintf("Type 'help' for a list of commands.\n");
	for (;;) {
		char* line = readline("K> ");
		if (line && execute(line, tf) < 0)
			return;
	}
}
