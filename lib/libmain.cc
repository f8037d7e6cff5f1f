// libmain, called by lib/entry.S: set up what the library needs (thisenv,
// the program's name, C++ global constructors), run umain, and exit if it
// returns.

#include <inc/lib.h>

// For panic and warn messages: argv[0], the program's name, which the
// kernel gives every boot program; a forked child has its parent's copy.
// Only an env started some other way keeps the placeholder.
const char* binaryname = "(unnamed program)";

// The linker gathers the constructors of global objects here (user/user.ld).
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

extern "C" void libmain(int argc, char** argv) {
	thisenv = &envs[ENVX(sys_getenvid())];
	if (argc > 0 && argv[0] != nullptr)
		binaryname = argv[0];

	for (size_t i = 0; i < (size_t)(__init_array_end - __init_array_start); i++)
		__init_array_start[i]();

	umain(argc, argv);
	exit();
}
