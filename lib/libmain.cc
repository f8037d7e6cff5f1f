// The C++ side of program start: find this env's Env, run global
// constructors, call umain, exit when it returns.

#include <inc/lib.h>

const char* binaryname = "<unknown>";

extern "C" void libmain(int argc, char** argv) {
	extern void (*__init_array_start[])(void), (*__init_array_end[])(void);

	thisenv = &envs[ENVX(sys_getenvid())];
	if (argc > 0)
		binaryname = argv[0];
	for (auto ctor = __init_array_start; ctor < __init_array_end; ctor++)
		(*ctor)();

	umain(argc, argv);
	exit();
}
