// The two cascaded 8259A interrupt controllers.  JOS routes device
// interrupts through the LAPIC but keeps the PICs remapped and masked.
#ifndef JOS_KERN_PICIRQ_H
#define JOS_KERN_PICIRQ_H

#include <inc/types.h>

#define MAX_IRQS 16
#define IO_PIC1 0x20  // master (IRQs 0-7)
#define IO_PIC2 0xA0  // slave (IRQs 8-15)
#define IRQ_SLAVE 2   // the IRQ at which the slave connects to the master

extern uint16_t irq_mask_8259A;
void pic_init(void);
void irq_setmask_8259A(uint16_t mask);

#endif
