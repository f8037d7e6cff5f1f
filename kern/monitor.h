// The kernel monitor: an interactive command loop on the console.
#ifndef JOS_KERN_MONITOR_H
#define JOS_KERN_MONITOR_H

#include <inc/trap.h>

// Enter the monitor.  tf is the trap that brought us here, or null.
void monitor(Trapframe* tf);

// Monitor commands; each returns -1 to leave the monitor loop.
int mon_help(int argc, char** argv, Trapframe* tf);
int mon_kerninfo(int argc, char** argv, Trapframe* tf);
int mon_backtrace(int argc, char** argv, Trapframe* tf);
int mon_showmappings(int argc, char** argv, Trapframe* tf);
int mon_setperm(int argc, char** argv, Trapframe* tf);
int mon_dumpmem(int argc, char** argv, Trapframe* tf);
int mon_continue(int argc, char** argv, Trapframe* tf);
int mon_stepi(int argc, char** argv, Trapframe* tf);

#endif
