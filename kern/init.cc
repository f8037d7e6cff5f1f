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
// Each gets argv[0] = its name (user panics say which program; fork copies
// it to the children), then the words of fw_cfg's opt/jos/args, if there,
// separated by spaces (`make run-fuzz-nox ARGS=12345`).
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
	// The GNUmakefile refuses what is too long; nothing is cut short here.
	int r = fwcfg_read_string("opt/jos/prog", names, sizeof(names));
	if (r == -2)
		panic("opt/jos/prog: program names longer than %d bytes", (int)sizeof(names) - 1);
	if (r < 0)
		strcpy(names, DEFAULT_PROG);
	// argv[1..]: the words of opt/jos/args, split in place.
	const char* argv[MAXARGS + 1];
	int argc = 1;
	r = fwcfg_read_string("opt/jos/args", args, sizeof(args));
	if (r == -2)
		panic("opt/jos/args: arguments longer than %d bytes", (int)sizeof(args) - 1);
	if (r < 0)
		args[0] = '\0';
	for (char* s = args; *s; s++) {
		if (*s == ' ')
			*s = '\0';
		else if (s == args || s[-1] == '\0') {
			if (argc == MAXARGS + 1)
				panic("opt/jos/args: more than %d arguments", MAXARGS);
			argv[argc++] = s;
		}
	}
	// At boot the Envs are handed out in order from envs[0] (docs/ABI.md), so
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
		argv[0] = prog->name;
		env_set_args(e, argc, argv);
		name = plus ? plus + 1 : name + strlen(name);
	}
}

// The top of the kernel stack the AP being woken starts on; mpentry.S
// loads esp from it.  One variable is enough: boot_aps wakes one CPU at a time.
void* mpentry_kstack;

// Wake every CPU but this one.  An AP starts in real mode at the page
// MPENTRY_PADDR, so mpentry.S's code (linked high, run low) is copied there
// first.  Each AP gets its own stack, percpu_kstacks[i], and boot_aps waits
// for mp_main's CPU_STARTED before touching mpentry_kstack again.
static void boot_aps(void) {
	// @exercise 4.2 boot_aps
	extern unsigned char mpentry_start[], mpentry_end[];
	const physaddr_t entry = physaddr_t(MPENTRY_PADDR);
	memmove(KADDR(entry), mpentry_start, mpentry_end - mpentry_start);

	auto wake = [&](int i) {
		mpentry_kstack = &percpu_kstacks[i][KSTKSIZE];
		lapic_startap(cpus[i].cpu_id, pa_val(entry));
		while (cpus[i].cpu_status != CPU_STARTED)
			asm volatile("pause");
	};
	const int self = cpunum();
	for (int i = 0; i < ncpu; i++)
		if (i != self)
			wake(i);
	// @stub
	// |	// Your code here: copy the AP entry code to MPENTRY_PADDR and start
	// |	// every other CPU with lapic_startap.
	// @end
}

// Where an AP's C++ life begins, on its own stack with paging on (mpentry.S).
// It sets up what is per-CPU -- segments (the GDT also holds this CPU's
// TSS descriptor), then its TSS and IDT, then its LAPIC -- tells boot_aps
// it is up, and joins the scheduler once the kernel lock is free.
extern "C" void mp_main(void) {
	load_kern_pgdir();
	cprintf("SMP: CPU %d starting\n", cpunum());

	// @exercise 4.2 mp_main
	env_init_percpu();
	trap_init_percpu();
	lapic_init();
	xchg(&thiscpu->cpu_status, CPU_STARTED);  // boot_aps may go on
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

// Set by the first panic and never cleared, so the trap handler and a
// nested panic can tell the kernel is already going down.
const char* panicstr;

// "kernel panic at FILE:LINE: message" and its kin, one line.
static void report(const char* what, const char* file, int line, const char* fmt, va_list ap) {
	cprintf("kernel %s at %s:%d: ", what, file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
}

// In a system call, name it.  A trap from user mode saves its frame in the
// env's env_tf (and a kernel fault inside the call does not touch it), so
// the env's frame is the call, as it came in.
static void report_syscall_in_progress(void) {
	Env* e = curenv;
	if (!e || e->env_tf.tf_trapno != T_SYSCALL)
		return;
	const PushRegs& r = e->env_tf.tf_regs;
	cprintf("  in system call %u (%08x, %08x, %08x, %08x, %08x) from env %08x on CPU %d\n", r.reg_eax,
		r.reg_edx, r.reg_ecx, r.reg_ebx, r.reg_edi, r.reg_esi, e->env_id, cpunum());
}

// Stop for good in the monitor.  Only the first panic reports: one that
// happens while reporting (or in the monitor) would only recurse.
// Interrupts stay off from here on, and the string instructions
// cprintf may use must run forwards whatever state the fault left.
void _panic(const char* file, int line, const char* fmt, ...) {
	if (!panicstr) {
		panicstr = fmt;
		asm volatile("cli");
		asm volatile("cld");
		va_list ap;
		va_start(ap, fmt);
		report("panic", file, line, fmt, ap);
		va_end(ap);
		report_syscall_in_progress();
	}
	for (;;)
		monitor(nullptr);
}

void _warn(const char* file, int line, const char* fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	report("warning", file, line, fmt, ap);
	va_end(ap);
}
