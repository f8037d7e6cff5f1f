// Error codes of the JOS ABI.  System calls return them negated.
#ifndef JOS_INC_ERROR_H
#define JOS_INC_ERROR_H

enum {
	E_UNSPECIFIED = 1,  // unspecified or unknown problem
	E_BAD_ENV = 2,      // environment doesn't exist or otherwise cannot be used
	E_INVAL = 3,        // invalid parameter
	E_NO_MEM = 4,       // request failed due to memory shortage
	E_NO_FREE_ENV = 5,  // attempt to create a new environment beyond the maximum
	E_FAULT = 6,        // memory fault
	E_IPC_NOT_RECV = 7, // attempt to send to env that is not receiving
	E_EOF = 8,          // unexpected end of file
	MAXERROR
};

#endif
