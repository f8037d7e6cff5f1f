// Inter-process communication in the user library.  ipc_send uses the
// blocking send system call, so a sender sleeps in the kernel until the
// receiver takes the message instead of spinning on try/yield.

#include <inc/lib.h>

// Send value (and the page at pg, if pg is not null) to to_env, waiting
// until it is received.  Any failure panics: JOS's ipc_send has no result.
void ipc_send(envid_t to_env, uint32_t value, void* pg, int perm) {
	// @exercise 4.14 ipc_send
	if (pg == nullptr)
		pg = (void*)UTOP;  // "no page"
	if (int r = sys_ipc_send(to_env, value, pg, perm); r < 0)
		panic("ipc_send to %08x: %s", to_env, errstr(r));
	// @stub
	// |	// Your code here.
	// |	panic("ipc_send: not implemented (to %08x value %u page %p perm %x)", to_env, value, pg, perm);
	// @end
}

// Wait for a message and return its value.  With pg non-null a sent page
// is mapped there.  *from_env_store and *perm_store (when non-null) get the
// sender and the page's permissions (0: no page), or 0 on error.
int32_t ipc_recv(envid_t* from_env_store, void* pg, int* perm_store) {
	// @exercise 4.14 ipc_recv
	if (pg == nullptr)
		pg = (void*)UTOP;
	int r = sys_ipc_recv(pg);
	if (from_env_store)
		*from_env_store = r < 0 ? 0 : thisenv->env_ipc_from;
	if (perm_store)
		*perm_store = r < 0 ? 0 : thisenv->env_ipc_perm;
	return r < 0 ? r : (int32_t)thisenv->env_ipc_value;
	// @stub
	// |	// Your code here.
	// |	panic("ipc_recv: not implemented (%p %p %p)", from_env_store, pg, perm_store);
	// @end
}

// The id of a live env of the given type (the lowest-numbered slot, should
// there be several), or 0 when there is none.  envs[] is the kernel's,
// mapped read-only: a snapshot that may be stale by the time it is used.
envid_t ipc_find_env(EnvType type) {
	for (const volatile Env& e : envs) {
		bool live = e.env_status != ENV_FREE;
		if (live && e.env_type == type)
			return e.env_id;
	}
	return 0;
}
