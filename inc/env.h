// The Env structure users read at UENVS, and envid arithmetic (ABI.md).
#ifndef JOS_INC_ENV_H
#define JOS_INC_ENV_H

#include <inc/memlayout.h>
#include <inc/trap.h>
#include <inc/types.h>

typedef int32_t envid_t;

// envid = generation (bits 31..10, but never negative) | index (bits 9..0).
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

struct Env {
	Trapframe env_tf;          // saved registers
	Env* env_link;             // next free Env
	envid_t env_id;            // unique environment identifier
	envid_t env_parent_id;     // env_id of this env's parent
	EnvType env_type;          // special system environments
	uint32_t env_status;       // ENV_* above
	uint32_t env_runs;         // number of times the environment has run
	int env_cpunum;            // the CPU the env is running on
	pde_t* env_pgdir;          // kernel virtual address of the page directory
	void* env_pgfault_upcall;  // page fault upcall entry point
	bool env_ipc_recving;      // env is blocked receiving
	void* env_ipc_dstva;       // VA at which to map received page
	uint32_t env_ipc_value;    // data value sent to us
	envid_t env_ipc_from;      // envid of the sender
	int env_ipc_perm;          // perm of page mapping received
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
