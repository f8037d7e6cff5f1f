// Environments, the kernel's side: making, running and ending them.
#ifndef JOS_KERN_ENV_H
#define JOS_KERN_ENV_H

#include <inc/env.h>
#include <kern/cpu.h>

extern Env* envs;                  // envs[NENV]; users see it at UENVS
#define curenv (thiscpu->cpu_env)  // the env this CPU runs, or null

// The first environment's program, from QEMU's fw_cfg or the default.
struct UserProg {
	const char* name;
	const uint8_t* binary;
	uint32_t size;
};
extern "C" const UserProg userprogs[];
extern "C" const uint32_t nuserprogs;
const UserProg* find_userprog(const char* name);

void env_init(void);
void env_init_percpu(void);
[[nodiscard]] int env_alloc(Env** e, envid_t parent_id);
void env_free(Env* e);
void env_create(const uint8_t* binary, size_t size, EnvType type, const char* name);
const char* elf_problem(const uint8_t* binary, size_t size);  // why an image is refused, or nullptr
void check_elf_loader(void);  // boot self-check of elf_problem (kern/env_check.cc)
// Start e (created, not yet run) with argc and argv on its stack.
void env_set_args(Env* e, int argc, const char* const* argv);
// The program each env runs (children inherit it), for debuggers: gdb's
// user-symbols command loads obj/user/<name>.
extern const char* env_progname[NENV];
void env_destroy(Env* e);  // does not return if e == curenv

[[nodiscard]] int envid2env(envid_t envid, Env** env_store, bool checkperm);
// Into user mode, for good: neither comes back.
[[noreturn]] void env_run(Env* e);
[[noreturn]] void env_pop_tf(Trapframe* tf);

// Status changes go through here so the run queue stays in step.
void env_set_status(Env* e, uint32_t status);
// Is e on a CPU other than this one (whatever its status)?
[[nodiscard]] bool env_on_other_cpu(const Env* e);

#endif
