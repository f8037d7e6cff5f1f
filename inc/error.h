// Error numbers of the JOS ABI.  A system call that fails returns one of
// them negated; lib's %e prints its name.
#ifndef JOS_INC_ERROR_H
#define JOS_INC_ERROR_H

enum {
	E_UNSPECIFIED = 1,   // a failure with no better number
	E_BAD_ENV = 2,       // no live env has that id, or the caller may not name it
	E_INVAL = 3,         // an argument is out of range or misaligned
	E_NO_MEM = 4,        // no free physical page
	E_NO_FREE_ENV = 5,   // all NENV Envs are in use
	E_FAULT = 6,         // a bad address
	E_IPC_NOT_RECV = 7,  // the target is not waiting in ipc_recv
	E_EOF = 8,           // input ended early
	MAXERROR             // one past the last: the size of a table by error number
};

#endif
