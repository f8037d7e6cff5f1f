// Source-level information about kernel instruction addresses, for the
// monitor's backtrace.
#ifndef JOS_KERN_KDEBUG_H
#define JOS_KERN_KDEBUG_H

#include <inc/types.h>

// What debuginfo_eip finds about an instruction address.
struct Eipdebuginfo {
	const char* eip_file;     // source file, relative to the tree's top
	int eip_line;             // source line
	const char* eip_fn_name;  // function name (not NUL-terminated at namelen)
	int eip_fn_namelen;       // length of the function name
	uintptr_t eip_fn_addr;    // address of the start of the function
	int eip_fn_narg;          // number of function arguments (0 if unknown)
};

// Fill *info for addr.  Returns 0 when the function and line were found,
// -1 otherwise (the fields then say "<unknown>").
int debuginfo_eip(uintptr_t addr, Eipdebuginfo* info);

// The same for a user address, from the symbol table of the ELF image a
// user program was loaded from: function name and offset only (the
// embedded copies carry no line tables).  Plain C++ names are demangled
// into buf (size bytes).  Returns 0 when a function was found.
int debuginfo_user(const uint8_t* elf, size_t elfsize, uintptr_t addr, Eipdebuginfo* info, char* buf,
		   size_t size);

#endif
