// Kernel start-up on the boot CPU: clear bss, run global constructors,
// bring up the console and every subsystem in dependency order, then hand
// the CPU to the scheduler.  Runs once, before any other CPU.

#include <inc/assert.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/console.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/fwcfg.h>
#include <kern/monitor.h>
#include <kern/picirq.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/trap.h>

static void boot_aps(void);
static void create_first_envs(void);

// Exercise the monitor's backtrace through a few real stack frames.
__attribute__((noinline)) void test_backtrace(int x) {
	cprintf("entering test_backtrace %d\n", x);
	if (x > 0)
		test_backtrace(x - 1);
	else
		mon_backtrace(0, 0, 0);
	cprintf("leaving test_backtrace %d\n", x);
}

extern "C" void i386_init(void) {
	extern char edata[], end[];
	extern void (*__init_array_start[])(void), (*__init_array_end[])(void);

	// Zero bss first: nothing may run before, not even constructors.
	memset(edata, 0, end - edata);
	for (auto ctor = __init_array_start; ctor < __init_array_end; ctor++)
		(*ctor)();

	cons_init();
	cprintf("6828 decimal is %o octal!\n", 6828);
	test_backtrace(5);

	mem_init();
	env_init();
	check_elf_loader();
	trap_init();

	mp_init();
	lapic_init();
	pic_init();

	// From here on other CPUs run kernel code: take the big kernel lock
	// before waking them.
	// @exercise 4.4 locking: before waking the other CPUs
	lock_kernel();
	boot_aps();
	// @stub
	// |	// Your code here: the lock, before any other CPU runs.
	// |	boot_aps();
	// @end

	boot_free_pages = page_free_count();
	// @exercise 4.5 start scheduling
	create_first_envs();
	sched_yield();
	// @stub
	// |	create_first_envs();
	// |	// Your code here: schedule.  Until then, run the first env.
	// |	env_run(&envs[0]);
	// @end
}

// The program(s) to run first: fw_cfg's opt/jos/prog names them, several
// joined by '+' (yield+yield+yield); without it, the default program.
// fw_cfg's opt/jos/args, if there, gives each of them arguments: words
// separated by spaces, after argv[0] = the program's name (`make
// run-fuzz-nox ARGS=12345`).
#define DEFAULT_PROG "hello"
#define MAXARGS 16

const UserProg* find_userprog(const char* name) {
	for (uint32_t i = 0; i < nuserprogs; i++)
		if (strcmp(userprogs[i].name, name) == 0)
			return &userprogs[i];
	return nullptr;
}

static void create_first_envs(void) {
	static char names[256], args[256];
	if (fwcfg_read_string("opt/jos/prog", names, sizeof(names)) < 0)
		strcpy(names, DEFAULT_PROG);
	// argv[1..]: the words of opt/jos/args, split in place.
	const char* argv[MAXARGS + 1];
	int argc = 1;
	bool have_args = fwcfg_read_string("opt/jos/args", args, sizeof(args)) >= 0;
	for (char* s = args; have_args && *s; s++) {
		if (*s == ' ')
			*s = '\0';
		else if (s == args || s[-1] == '\0') {
			if (argc == MAXARGS + 1)
				panic("opt/jos/args: more than %d arguments", MAXARGS);
			argv[argc++] = s;
		}
	}
	// At boot the Envs are handed out in order from envs[0] (ABI.md), so
	// the k-th program runs in envs[k].
	Env* e = envs;
	for (char* name = names; *name; e++) {
		char* plus = strchr(name, '+');
		if (plus)
			*plus = '\0';
		const UserProg* prog = find_userprog(name);
		if (!prog)
			panic("no user program named '%s' is built into this kernel", name);
		env_create(prog->binary, prog->size, ENV_TYPE_USER, prog->name);
		if (have_args) {
			argv[0] = prog->name;
			env_set_args(e, argc, argv);
		}
		name = plus ? plus + 1 : name + strlen(name);
	}
}

// Where boot_aps tells each AP which stack to start on (read by mpentry.S).
void* mpentry_kstack;

// Start every other CPU, one at a time: each runs mpentry.S's code,
// copied to MPENTRY_PADDR, then mp_main.
static void boot_aps(void) {
	// @exercise 4.2 boot_aps
	extern unsigned char mpentry_start[], mpentry_end[];
	void* code = KADDR(physaddr_t(MPENTRY_PADDR));
	memmove(code, mpentry_start, mpentry_end - mpentry_start);

	for (CpuInfo* c = cpus; c < cpus + ncpu; c++) {
		if (c == cpus + cpunum())  // ourselves
			continue;
		mpentry_kstack = percpu_kstacks[c - cpus] + KSTKSIZE;
		lapic_startap(c->cpu_id, pa_val(PADDR(code)));
		while (c->cpu_status != CPU_STARTED)
			;
	}
	// @stub
	// |	// Your code here: copy the AP entry code to MPENTRY_PADDR and start
	// |	// every other CPU with lapic_startap.
	// @end
}

// An AP's first C++ code: the kernel's page tables, its own LAPIC, GDT,
// TSS and IDT, then the scheduler once the kernel lock is free.
extern "C" void mp_main(void) {
	load_kern_pgdir();
	cprintf("SMP: CPU %d starting\n", cpunum());

	// @exercise 4.2 mp_main
	lapic_init();
	env_init_percpu();
	trap_init_percpu();
	xchg(&thiscpu->cpu_status, CPU_STARTED);
	// @stub
	// |	// Your code here: this CPU's LAPIC, GDT, TSS and IDT; then report
	// |	// CPU_STARTED.
	// |	panic("mp_main: not implemented (CPU %d)", cpunum());
	// @end

	// @exercise 4.4 locking: an AP before it schedules
	lock_kernel();
	sched_yield();
	// @stub
	// |	// Your code here: the lock, before this CPU schedules.
	// |	sched_yield();
	// @end
}

// The first panic's format string; non-null once the kernel has panicked.
const char* panicstr;

// Print the message and enter the monitor; never return.  Only the first
// panic prints its message: a panic while panicking goes straight there.
void _panic(const char* file, int line, const char* fmt, ...) {
	va_list ap;
	if (panicstr == nullptr) {
		panicstr = fmt;
		asm volatile("cli; cld");
		va_start(ap, fmt);
		cprintf("kernel panic at %s:%d: ", file, line);
		vcprintf(fmt, ap);
		cprintf("\n");
		va_end(ap);
		// In a system call, name it.  A trap from user mode saves its frame
		// in the env's env_tf (and a kernel fault inside the call does not
		// touch it), so the env's frame is the call, as it came in.
		if (Env* e = curenv; e && e->env_tf.tf_trapno == T_SYSCALL) {
			const PushRegs& r = e->env_tf.tf_regs;
			cprintf("  in system call %u (%08x, %08x, %08x, %08x, %08x) from env %08x on CPU %d\n",
				r.reg_eax, r.reg_edx, r.reg_ecx, r.reg_ebx, r.reg_edi, r.reg_esi, e->env_id, cpunum());
		}
	}
	for (;;)
		monitor(nullptr);
}

void _warn(const char* file, int line, const char* fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	cprintf("kernel warning at %s:%d: ", file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
	va_end(ap);
}
