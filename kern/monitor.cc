// The kernel monitor: reads a line, splits it into words and runs the
// command named by the first.  It runs with the kernel lock held and never
// touches user memory except through the explicit dump commands.

#include <inc/memlayout.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/console.h>
#include <kern/kdebug.h>
#include <kern/monitor.h>

#define CMDBUF_SIZE 80  // enough for one VGA text line

struct Command {
	const char* name;
	const char* desc;
	int (*func)(int argc, char** argv, Trapframe* tf);
};

static const Command commands[] = {
    {"help", "Display this list of commands", mon_help},
    {"kerninfo", "Display information about the kernel", mon_kerninfo},
    {"backtrace", "Display a backtrace of the kernel stack", mon_backtrace},
};

int mon_help(int, char**, Trapframe*) {
	for (const Command& c : commands)
		cprintf("%s - %s\n", c.name, c.desc);
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

// Walk the chain of saved frame pointers.  Each frame is
//   [ebp+8..]  arguments, [ebp+4] return address, [ebp] caller's ebp;
// the chain ends at the 0 that entry.S puts in ebp before i386_init.
int mon_backtrace(int, char**, Trapframe*) {
	cprintf("Stack backtrace:\n");
	for (const uint32_t* ebp = (const uint32_t*)read_ebp(); ebp != nullptr; ebp = (const uint32_t*)ebp[0]) {
		uintptr_t eip = ebp[1];
		cprintf("  ebp %08x  eip %08x  args %08x %08x %08x %08x %08x\n", (uint32_t)ebp, eip, ebp[2], ebp[3],
			ebp[4], ebp[5], ebp[6]);
		// eip is the return address: the call is the instruction before it.
		Eipdebuginfo info;
		if (debuginfo_eip(eip - 1, &info) == 0)
			cprintf("         %s:%d: %.*s+%d\n", info.eip_file, info.eip_line, info.eip_fn_namelen,
				info.eip_fn_name, eip - info.eip_fn_addr);
		else
			cprintf("         (no source information for %08x)\n", eip);
	}
	return 0;
}

/***** Kernel monitor command interpreter *****/

#define WHITESPACE "\t\r\n "
#define MAXARGS 16

static int runcmd(char* buf, Trapframe* tf) {
	int argc = 0;
	char* argv[MAXARGS];

	argv[argc] = nullptr;
	for (;;) {
		while (*buf && strchr(WHITESPACE, *buf))
			*buf++ = 0;
		if (*buf == 0)
			break;
		if (argc == MAXARGS - 1) {
			cprintf("Too many arguments (max %d)\n", MAXARGS);
			return 0;
		}
		argv[argc++] = buf;
		while (*buf && !strchr(WHITESPACE, *buf))
			buf++;
	}
	argv[argc] = nullptr;

	if (argc == 0)
		return 0;
	for (const Command& c : commands)
		if (strcmp(argv[0], c.name) == 0)
			return c.func(argc, argv, tf);
	cprintf("Unknown command '%s'\n", argv[0]);
	return 0;
}

void monitor(Trapframe* tf) {
	cprintf("Welcome to the JOS kernel monitor!\n");
	cprintf("Type 'help' for a list of commands.\n");

	for (;;) {
		char* buf = readline("K> ");
		if (buf != nullptr && runcmd(buf, tf) < 0)
			break;
	}
}
