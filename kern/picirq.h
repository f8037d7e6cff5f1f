// The 8259A pair (kern/picirq.cc): device IRQs reach the boot CPU through
// them and its LAPIC's LINT0.  Drivers open their line by clearing its bit
// in irq_mask_8259A through irq_setmask_8259A.
#ifndef JOS_KERN_PICIRQ_H
#define JOS_KERN_PICIRQ_H

#include <inc/types.h>

#define MAX_IRQS 16
#define IO_PIC1 0x20  // master: command port; data port at + 1 (IRQs 0-7)
#define IO_PIC2 0xA0  // slave: the same (IRQs 8-15)
#define IRQ_SLAVE 2   // the master's line the slave's output drives

extern uint16_t irq_mask_8259A;  // bit n set: IRQ n closed
void pic_init(void);
void irq_setmask_8259A(uint16_t mask);
// pic_init has run: the 8259s send their lines to IRQ_OFFSET and up, not
// to the vectors the BIOS left (the CPU exceptions), with only the lines
// in irq_mask_8259A open.
bool pic_running(void);

#endif
