// The kernel console: CGA text screen and COM1 for output, PS/2 keyboard and
// COM1 for input.  Private to the kernel; users go through sys_cputs/cgetc.
#ifndef JOS_KERN_CONSOLE_H
#define JOS_KERN_CONSOLE_H

#include <inc/types.h>

#define MONO_BASE 0x3B4
#define MONO_BUF 0xB0000
#define CGA_BASE 0x3D4
#define CGA_BUF 0xB8000

#define CRT_ROWS 25
#define CRT_COLS 80
#define CRT_SIZE (CRT_ROWS * CRT_COLS)

void cons_init(void);
int cons_getc(void);  // next input character, or 0 if none

void kbd_intr(void);     // irq 1
void serial_intr(void);  // irq 4

// While getchar waits for input it halts (sti; hlt) instead of polling
// whenever allowed() says so: only when every interrupt that can reach this
// CPU then is served and returns to the halt (kern/trap.cc), and this CPU
// hears the console's IRQs.  Until it is called getchar polls.
void cons_set_halt_allowed(bool (*allowed)(void));
// Where an interrupt that ends getchar's halt returns to.
extern "C" const char cons_halt_resume[];

#endif
