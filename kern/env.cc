// Environments: the Env table (user-readable at UENVS), creation from an
// embedded ELF image, destruction, and the switch into user mode.  Every
// env's address space shares the kernel half of kern_pgdir; below UTOP it
// owns every page it maps, and env_free returns each of them.

#include <inc/assert.h>
#include <inc/elf.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/monitor.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/syscall.h>

Env* envs = nullptr;
const char* env_progname[NENV];
static Env* env_free_list;  // free Envs, lowest index first; freed ones go first

// envid = generation | index; the generation advances by this much each
// time a slot is reused (ABI.md: 0x1000, 0x1001, ..., then 0x2000 for slot 0).
#define ENVGENSHIFT 12

// The GDT: kernel and user segments, and one TSS slot per CPU (filled in
// by trap_init_percpu).
Segdesc gdt[NCPU + 5] = {
    SEG_NULL_DESC(),                           // 0x0 unused
    SEG(STA_X | STA_R, 0x0, 0xffffffff, 0),    // 0x8 kernel code
    SEG(STA_W, 0x0, 0xffffffff, 0),            // 0x10 kernel data
    SEG(STA_X | STA_R, 0x0, 0xffffffff, 3),    // 0x18 user code
    SEG(STA_W, 0x0, 0xffffffff, 3),            // 0x20 user data
    SEG_NULL_DESC(),                           // 0x28 TSS of CPU 0, and so on
};
Pseudodesc gdt_pd = {sizeof(gdt) - 1, (uint32_t)gdt};

// The Env for envid.  envid 0 is the current env.  With checkperm the env
// must be the caller or one of its immediate children.
int envid2env(envid_t envid, Env** env_store, bool checkperm) {
	if (envid == 0) {
		*env_store = curenv;
		return 0;
	}
	Env* e = &envs[ENVX(envid)];
	if (e->env_status == ENV_FREE || e->env_id != envid) {
		*env_store = nullptr;
		return -E_BAD_ENV;
	}
	if (checkperm && e != curenv && e->env_parent_id != curenv->env_id) {
		*env_store = nullptr;
		return -E_BAD_ENV;
	}
	*env_store = e;
	return 0;
}

// Every Env free, on the free list in index order.
void env_init(void) {
	// @exercise 3.1 env_init
	env_free_list = nullptr;
	for (int i = NENV - 1; i >= 0; i--) {
		envs[i].env_id = 0;
		envs[i].env_status = ENV_FREE;
		envs[i].env_link = env_free_list;
		env_free_list = &envs[i];
	}
	env_init_percpu();
	// @stub
	// |	// Your code here: every Env free, on env_free_list in index order.
	// |	panic("env_init: not implemented");
	// @end
}

// Load the GDT and the segment registers this CPU runs the kernel with.
void env_init_percpu(void) {
	lgdt(&gdt_pd);
	// gs and fs are unused by the kernel; users get null selectors there.
	asm volatile("movw %%ax,%%gs" : : "a"(GD_UD | 3));
	asm volatile("movw %%ax,%%fs" : : "a"(GD_UD | 3));
	asm volatile("movw %%ax,%%es" : : "a"(GD_KD));
	asm volatile("movw %%ax,%%ds" : : "a"(GD_KD));
	asm volatile("movw %%ax,%%ss" : : "a"(GD_KD));
	asm volatile("ljmp %0,$1f\n 1:\n" : : "i"(GD_KT));
	lldt(0);
}

// A page directory for e: empty below UTOP, the kernel's above, and the
// UVPT slot pointing at itself.
[[nodiscard]] static int env_setup_vm(Env* e) {
	// @exercise 3.2 env_setup_vm
	PageInfo* p = page_alloc(ALLOC_ZERO);
	if (!p)
		return -E_NO_MEM;
	p->pp_ref++;
	e->env_pgdir = (pde_t*)page2kva(p);
	for (uint32_t i = PDX(UTOP); i < NPDENTRIES; i++)
		e->env_pgdir[i] = kern_pgdir[i];
	e->env_pgdir[PDX(UVPT)] = pa_val(PADDR(e->env_pgdir)) | PTE_P | PTE_U;
	return 0;
	// @stub
	// |	// Your code here.
	// |	panic("env_setup_vm: not implemented (env %p)", e);
	// @end
}

// Take a free Env and give it a fresh address space and a new envid.  On
// success *newenv_store is RUNNABLE with registers for a user-mode start.
int env_alloc(Env** newenv_store, envid_t parent_id) {
	Env* e = env_free_list;
	if (!e)
		return -E_NO_FREE_ENV;
	if (int r = env_setup_vm(e); r < 0)
		return r;

	int32_t generation = (e->env_id + (1 << ENVGENSHIFT)) & ~(NENV - 1);
	if (generation <= 0)  // never a negative envid
		generation = 1 << ENVGENSHIFT;
	e->env_id = generation | (e - envs);
	e->env_parent_id = parent_id;
	env_progname[e - envs] = curenv ? env_progname[curenv - envs] : nullptr;
	e->env_type = ENV_TYPE_USER;
	e->env_runs = 0;
	e->env_cpunum = 0;

	// User segments with RPL 3, the stack at USTACKTOP, interrupts on.
	memset(&e->env_tf, 0, sizeof(e->env_tf));
	e->env_tf.tf_ds = GD_UD | 3;
	e->env_tf.tf_es = GD_UD | 3;
	e->env_tf.tf_ss = GD_UD | 3;
	e->env_tf.tf_esp = USTACKTOP;
	e->env_tf.tf_cs = GD_UT | 3;
	// @exercise 4.12 interrupts on in user mode
	e->env_tf.tf_eflags = FL_IF;
	// @stub
	// |	// Your code here (lab 4): user mode runs with interrupts on.
	// |	e->env_tf.tf_eflags = 0;
	// @end

	e->env_pgfault_upcall = nullptr;
	e->env_ipc_recving = false;
	e->env_ipc_dstva = nullptr;
	e->env_ipc_value = 0;
	e->env_ipc_from = 0;
	e->env_ipc_perm = 0;

	env_free_list = e->env_link;
	e->env_link = nullptr;
	env_set_status(e, ENV_RUNNABLE);
	*newenv_store = e;

	cprintf("[%08x] new env %08x\n", curenv ? curenv->env_id : 0, e->env_id);
	return 0;
}

// Map zeroed, user-writable pages over [va, va+len) in e, keeping any page
// already there (ELF segments may share a page).  Only for env creation:
// running out of memory here is a panic.
static void region_alloc(Env* e, uintptr_t va, size_t len) {
	// @exercise 3.3 region_alloc
	uintptr_t start = ROUNDDOWN(va, PGSIZE), end = ROUNDUP(va + len, PGSIZE);
	for (uintptr_t a = start; a < end; a += PGSIZE) {
		if (page_lookup(e->env_pgdir, (void*)a, nullptr))
			continue;
		PageInfo* pp = page_alloc(ALLOC_ZERO);
		if (!pp || page_insert(e->env_pgdir, pp, (void*)a, PTE_U | PTE_W) < 0)
			panic("region_alloc: out of memory mapping va %08x for env %08x", a, e->env_id);
	}
	// @stub
	// |	// Your code here.
	// |	panic("region_alloc: not implemented (env %p va %08x len %u)", e, va, len);
	// @end
}

// What is wrong with an ELF image, checked as a whole before anything is
// loaded (a malformed one is refused with the reason, never half-loaded);
// nullptr when nothing is.  The reason lives in a static buffer.
const char* elf_problem(const uint8_t* binary, size_t size) {
	static char why[96];
	const Elf* elf = (const Elf*)binary;
	if (size < sizeof(Elf) || elf->e_magic != ELF_MAGIC)
		return "not an ELF image";
	if (elf->e_machine != EM_386 || elf->e_phentsize != sizeof(Proghdr))
		return "not an ELF32 i386 executable";
	if ((uint64_t)elf->e_phoff + (uint64_t)elf->e_phnum * sizeof(Proghdr) > size)
		return "program headers run past the end of the image";
	const Proghdr* ph = (const Proghdr*)(binary + elf->e_phoff);
	bool entry_loaded = false;
	for (int i = 0; i < elf->e_phnum; i++) {
		if (ph[i].p_type != ELF_PROG_LOAD)
			continue;
		uint64_t va = ph[i].p_va, memsz = ph[i].p_memsz;
		if (ph[i].p_filesz > ph[i].p_memsz) {
			snprintf(why, sizeof(why), "segment %d has filesz %u > memsz %u", i, ph[i].p_filesz,
				 ph[i].p_memsz);
			return why;
		}
		if ((uint64_t)ph[i].p_offset + ph[i].p_filesz > size) {
			snprintf(why, sizeof(why), "segment %d runs past the end of the image", i);
			return why;
		}
		if (va + memsz > USTACKTOP - PGSIZE) {
			snprintf(why, sizeof(why), "segment %d [%08x, +%x) is not in user memory", i, ph[i].p_va,
				 ph[i].p_memsz);
			return why;
		}
		if (elf->e_entry >= va && elf->e_entry < va + memsz)
			entry_loaded = true;
	}
	if (!entry_loaded) {
		snprintf(why, sizeof(why), "entry point %08x is in no loaded segment", elf->e_entry);
		return why;
	}
	return nullptr;
}

static void check_elf(const uint8_t* binary, size_t size) {
	if (const char* why = elf_problem(binary, size))
		panic("load_icode: %s", why);
}

// Load every PT_LOAD segment of the ELF image at its virtual address in e
// (bss zero), map one stack page below USTACKTOP, and aim e at the entry.
static void load_icode(Env* e, const uint8_t* binary, size_t size) {
	// @exercise 3.4 load_icode
	check_elf(binary, size);
	const Elf* elf = (const Elf*)binary;
	const Proghdr* ph = (const Proghdr*)(binary + elf->e_phoff);

	// Copy through e's own address space: its pages are mapped there.
	lcr3(pa_val(PADDR(e->env_pgdir)));
	for (int i = 0; i < elf->e_phnum; i++) {
		if (ph[i].p_type != ELF_PROG_LOAD || ph[i].p_memsz == 0)
			continue;
		region_alloc(e, ph[i].p_va, ph[i].p_memsz);
		memcpy((void*)ph[i].p_va, binary + ph[i].p_offset, ph[i].p_filesz);
		// The bss: fresh pages are zero, but a page shared with another
		// segment may not be.
		memset((void*)(ph[i].p_va + ph[i].p_filesz), 0, ph[i].p_memsz - ph[i].p_filesz);
	}
	lcr3(pa_val(PADDR(kern_pgdir)));

	region_alloc(e, USTACKTOP - PGSIZE, PGSIZE);
	e->env_tf.tf_eip = elf->e_entry;
	// @stub
	// |	// Your code here.
	// |	(void)check_elf;
	// |	(void)region_alloc;
	// |	panic("load_icode: not implemented (env %p image %p size %u)", e, binary, size);
	// @end
}

// Create an env from an ELF image; only the kernel does this, at boot.
void env_create(const uint8_t* binary, size_t size, EnvType type, const char* name) {
	// @exercise 3.5 env_create
	Env* e;
	if (int r = env_alloc(&e, 0); r < 0)
		panic("env_create: %s", errstr(r));
	load_icode(e, binary, size);
	e->env_type = type;
	env_progname[e - envs] = name;
	// @stub
	// |	// Your code here.
	// |	(void)load_icode;
	// |	panic("env_create: not implemented (image %p size %u type %d name %s)", binary, size, type, name);
	// @end
}

// Copy the argument strings and the argv array onto e's stack page, under
// the word lib/entry.S keeps for thisenv, and point esp at argc: entry.S
// sees esp != USTACKTOP and passes them on to umain.  Only the boot
// programs get arguments (from fw_cfg, kern/init.cc).
void env_set_args(Env* e, int argc, const char* const* argv) {
	const uintptr_t bottom = USTACKTOP - PGSIZE;
	PageInfo* pp = page_lookup(e->env_pgdir, (void*)bottom, nullptr);
	assert(pp && e->env_tf.tf_esp == USTACKTOP && argc >= 0);
	char* page = (char*)page2kva(pp);
	auto at = [&](uintptr_t va) { return page + (va - bottom); };

	size_t strings = 0;
	for (int i = 0; i < argc; i++)
		strings += strlen(argv[i]) + 1;
	if (strings + (argc + 4) * sizeof(uint32_t) > PGSIZE / 2)
		panic("env_set_args: the arguments do not fit on the stack page");
	// From the top: thisenv's word, the strings, argv[0..argc] (argv[argc]
	// null), then argc and argv, where esp points.
	uintptr_t str = USTACKTOP - sizeof(void*) - strings;
	uintptr_t uargv = ROUNDDOWN(str, sizeof(uint32_t)) - (argc + 1) * sizeof(uint32_t);
	uint32_t* kargv = (uint32_t*)at(uargv);
	for (int i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;
		memcpy(at(str), argv[i], len);
		kargv[i] = str;
		str += len;
	}
	kargv[argc] = 0;
	uintptr_t sp = uargv - 2 * sizeof(uint32_t);
	((uint32_t*)at(sp))[0] = argc;
	((uint32_t*)at(sp))[1] = uargv;
	e->env_tf.tf_esp = sp;
}

// Release everything e owns: every page and page table below UTOP, then
// the page directory; the Env goes back on the free list.
void env_free(Env* e) {
	// Stop using e's address space before tearing it down.
	if (e == curenv)
		lcr3(pa_val(PADDR(kern_pgdir)));

	cprintf("[%08x] free env %08x\n", curenv ? curenv->env_id : 0, e->env_id);

	static_assert(UTOP % PTSIZE == 0);
	for (uint32_t pdeno = 0; pdeno < PDX(UTOP); pdeno++) {
		if (!(e->env_pgdir[pdeno] & PTE_P))
			continue;
		physaddr_t pa = physaddr_t(PTE_ADDR(e->env_pgdir[pdeno]));
		pte_t* pt = (pte_t*)KADDR(pa);
		// Indices, not an end pointer: a page table in the top page of
		// physical memory sits at KVA 0xFFFFF000, and pt + NPTENTRIES wraps.
		for (uint32_t pteno = 0; pteno < NPTENTRIES; pteno++)
			if (pt[pteno] & PTE_P)
				page_remove(e->env_pgdir, (void*)PGADDR(pdeno, pteno, 0));
		e->env_pgdir[pdeno] = 0;
		page_decref(pa2page(pa));
	}
	physaddr_t pa = PADDR(e->env_pgdir);
	e->env_pgdir = nullptr;
	page_decref(pa2page(pa));

	ipc_env_freed(e);
	env_set_status(e, ENV_FREE);
	e->env_link = env_free_list;
	env_free_list = e;
}

// Destroy e.  If e is on another CPU now (running, or stopped but not yet
// trapped), it is marked DYING and freed the next time it traps into the
// kernel: its pages stay its own until it has left its CPU.  If e is the
// current env, the CPU moves on to another env.
void env_destroy(Env* e) {
	if (env_on_other_cpu(e)) {
		env_set_status(e, ENV_DYING);
		return;
	}
	env_free(e);
	if (curenv == e) {
		curenv = nullptr;
		sched_yield();
	}
}

// Restore the registers in tf and enter user mode with iret.  Whatever the
// trapframe says, user mode runs with interrupts on and IOPL 0.
void env_pop_tf(Trapframe* tf) {
	// @exercise 4.12 interrupts on in user mode
	tf->tf_eflags = (tf->tf_eflags | FL_IF) & ~FL_IOPL_MASK;
	// @stub
	// |	// Your code here (lab 4): force interrupts on, whatever tf says.
	// |	tf->tf_eflags &= ~FL_IOPL_MASK;
	// @end
	asm volatile(
	    "\tmovl %0,%%esp\n"
	    "\tpopal\n"
	    "\tpopl %%es\n"
	    "\tpopl %%ds\n"
	    "\taddl $0x8,%%esp\n"  // skip tf_trapno and tf_err
	    "\tiret\n"
	    :
	    : "g"(tf)
	    : "memory");
	panic("iret failed");
}

// Switch this CPU to e and run it in user mode.
void env_run(Env* e) {
	// @exercise 3.6 env_run
	CpuInfo* c = thiscpu;
	Env* cur = c->cpu_env;
	if (cur != e && cur && cur->env_status == ENV_RUNNING)
		env_set_status(cur, ENV_RUNNABLE);
	c->cpu_env = e;
	if (e->env_status != ENV_RUNNING) {
		env_set_status(e, ENV_RUNNING);
		e->env_cpunum = c->cpu_id;
	}
	// @stub
	// |	// Your code here: make e the running env of this CPU.
	// |	CpuInfo* c = thiscpu;
	// |	panic("env_run: not implemented (env %p)", e);
	// @end
	// The next trap from user mode saves its frame into e->env_tf.
	c->cpu_ts.ts_esp0 = (uintptr_t)(&e->env_tf + 1);
	// Skip the TLB flush when the address space stays the same.
	// @exercise 3.6 env_run
	uint32_t cr3 = pa_val(PADDR(e->env_pgdir));
	if (rcr3() != cr3)
		lcr3(cr3);
	e->env_runs++;
	// @stub
	// |	// Your code here: switch to e's address space.
	// @end
	// @exercise 4.4 locking: release before user mode
	unlock_kernel(c);
	env_pop_tf(&e->env_tf);
	// @stub
	// |	// Your code here: release the lock before user mode.
	// |	env_pop_tf(&e->env_tf);
	// @end
}
