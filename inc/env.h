// The Env structure users read at UENVS, and envid arithmetic (docs/ABI.md).
#ifndef JOS_INC_ENV_H
#define JOS_INC_ENV_H

#include <inc/memlayout.h>
#include <inc/trap.h>
#include <inc/types.h>

typedef int32_t envid_t;

// An envid is a slot number in envs[] (the low LOG2NENV bits) plus a
// generation count above it that changes each time the slot is reused;
// an envid is never negative.
#define LOG2NENV 10
#define NENV (1 << LOG2NENV)
constexpr uint32_t ENVX(envid_t envid) { return (uint32_t)envid & (NENV - 1); }

enum {
	ENV_FREE = 0,
	ENV_DYING,
	ENV_RUNNABLE,
	ENV_RUNNING,
	ENV_NOT_RUNNABLE,
};

enum EnvType {
	ENV_TYPE_USER = 0,
};

// One process.  Users read the array at UENVS, so every field is at the
// offset docs/ABI.md gives it.
struct Env {
	Trapframe env_tf;          // user registers while it is not on a CPU
	Env* env_link;             // the free list, while it is ENV_FREE
	envid_t env_id;            // generation | slot (see ENVX)
	envid_t env_parent_id;     // who created it; 0 for the boot programs
	EnvType env_type;          // always ENV_TYPE_USER here
	uint32_t env_status;       // ENV_* above
	uint32_t env_runs;         // times env_run has started it
	int env_cpunum;            // the CPU it last ran on
	pde_t* env_pgdir;          // its address space (a kernel address)
	void* env_pgfault_upcall;  // user handler for its page faults, or null
	bool env_ipc_recving;      // waiting in sys_ipc_recv
	void* env_ipc_dstva;       // ... for a page there (below UTOP), if any
	uint32_t env_ipc_value;    // the last message: its value,
	envid_t env_ipc_from;      // its sender,
	int env_ipc_perm;          // and the permission of its page (0: none)
};

static_assert(sizeof(EnvType) == 4);
static_assert(sizeof(Env) == 124);
static_assert(offsetof(Env, env_link) == 68 && offsetof(Env, env_id) == 72);
static_assert(offsetof(Env, env_parent_id) == 76 && offsetof(Env, env_type) == 80);
static_assert(offsetof(Env, env_status) == 84 && offsetof(Env, env_runs) == 88);
static_assert(offsetof(Env, env_cpunum) == 92 && offsetof(Env, env_pgdir) == 96);
static_assert(offsetof(Env, env_pgfault_upcall) == 100 && offsetof(Env, env_ipc_recving) == 104);
static_assert(offsetof(Env, env_ipc_dstva) == 108 && offsetof(Env, env_ipc_value) == 112);
static_assert(offsetof(Env, env_ipc_from) == 116 && offsetof(Env, env_ipc_perm) == 120);

#endif
