// Console devices.  Every output character goes to COM1 and the CGA
// screen; input from the keyboard and COM1 is gathered, by
// polling or by interrupt, into one ring buffer that cons_getc drains.
// Runs with the kernel lock held (or before other CPUs exist).

#include <inc/kbdreg.h>
#include <inc/memlayout.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/console.h>
#include <inc/trap.h>
#include <kern/picirq.h>

static void cons_intr(int (*proc)(void));
static void cons_putc(int c);

// Give slow devices time: each inb from port 0x84 takes about 1.25us.
static void delay(void) {
	inb(0x84);
	inb(0x84);
	inb(0x84);
	inb(0x84);
}

/***** Serial I/O (COM1) *****/

#define COM1 0x3F8
#define COM_RX 0       // In:  Receive buffer (DLAB=0)
#define COM_TX 0       // Out: Transmit buffer (DLAB=0)
#define COM_DLL 0      // Out: Divisor Latch Low (DLAB=1)
#define COM_DLM 1      // Out: Divisor Latch High (DLAB=1)
#define COM_IER 1      // Out: Interrupt Enable Register
#define COM_IER_RDI 0x01
#define COM_IIR 2      // In:  Interrupt ID Register
#define COM_FCR 2      // Out: FIFO Control Register
#define COM_LCR 3      // Out: Line Control Register
#define COM_LCR_DLAB 0x80
#define COM_LCR_WLEN8 0x03
#define COM_MCR 4      // Out: Modem Control Register
#define COM_MCR_OUT2 0x08
#define COM_MCR_DTR 0x01
#define COM_MCR_RTS 0x02
#define COM_LSR 5      // In:  Line Status Register
#define COM_LSR_DATA 0x01
#define COM_LSR_TXRDY 0x20

static bool serial_exists;

static int serial_proc_data(void) {
	if (!(inb(COM1 + COM_LSR) & COM_LSR_DATA))
		return -1;
	return inb(COM1 + COM_RX);
}

void serial_intr(void) {
	if (serial_exists)
		cons_intr(serial_proc_data);
}

static void serial_putc(int c) {
	for (int i = 0; !(inb(COM1 + COM_LSR) & COM_LSR_TXRDY) && i < 12800; i++)
		delay();
	outb(COM1 + COM_TX, c);
}

static void serial_init(void) {
	outb(COM1 + COM_FCR, 0);  // FIFO off
	// 9600 baud, 8 data bits, 1 stop bit, no parity.
	outb(COM1 + COM_LCR, COM_LCR_DLAB);
	outb(COM1 + COM_DLL, (uint8_t)(115200 / 9600));
	outb(COM1 + COM_DLM, 0);
	outb(COM1 + COM_LCR, COM_LCR_WLEN8 & ~COM_LCR_DLAB);
	outb(COM1 + COM_MCR, COM_MCR_DTR | COM_MCR_RTS | COM_MCR_OUT2);
	outb(COM1 + COM_IER, COM_IER_RDI);  // interrupt on received data
	// A port that reads 0xFF from the status register is absent.  Reading IIR
	// clears a pending interrupt; the receive buffer is left alone so that no
	// typed-ahead character is lost.
	serial_exists = (inb(COM1 + COM_LSR) != 0xFF);
	(void)inb(COM1 + COM_IIR);
}

/***** Text-mode CGA/VGA display *****/

static unsigned addr_6845;
static uint16_t* crt_buf;
static uint16_t crt_pos;

static void cga_init(void) {
	volatile uint16_t* cp = (uint16_t*)(KERNBASE + CGA_BUF);
	uint16_t was = *cp;
	*cp = (uint16_t)0xA55A;
	if (*cp != 0xA55A) {
		cp = (uint16_t*)(KERNBASE + MONO_BUF);
		addr_6845 = MONO_BASE;
	} else {
		*cp = was;
		addr_6845 = CGA_BASE;
	}
	// Read the cursor position from the controller.
	outb(addr_6845, 14);
	unsigned pos = inb(addr_6845 + 1) << 8;
	outb(addr_6845, 15);
	pos |= inb(addr_6845 + 1);
	crt_buf = (uint16_t*)cp;
	crt_pos = pos < CRT_SIZE ? pos : 0;
}

static void cga_putc(int c) {
	if (!(c & ~0xFF))
		c |= 0x0700;  // light grey on black
	switch (c & 0xff) {
	case '\b':
		if (crt_pos > 0) {
			crt_pos--;
			crt_buf[crt_pos] = (c & ~0xff) | ' ';
		}
		break;
	case '\n':
		crt_pos += CRT_COLS;
		[[fallthrough]];
	case '\r':
		crt_pos -= (crt_pos % CRT_COLS);
		break;
	case '\t':
		for (int i = 0; i < 4; i++)
			cga_putc(' ');
		break;
	default:
		crt_buf[crt_pos++] = c;
		break;
	}
	// Scroll when the cursor runs off the screen.
	if (crt_pos >= CRT_SIZE) {
		memmove(crt_buf, crt_buf + CRT_COLS, (CRT_SIZE - CRT_COLS) * sizeof(uint16_t));
		for (int i = CRT_SIZE - CRT_COLS; i < CRT_SIZE; i++)
			crt_buf[i] = 0x0700 | ' ';
		crt_pos -= CRT_COLS;
	}
	outb(addr_6845, 14);
	outb(addr_6845 + 1, crt_pos >> 8);
	outb(addr_6845, 15);
	outb(addr_6845 + 1, crt_pos);
}

/***** PS/2 keyboard *****/

#define NO 0
#define SHIFT (1 << 0)
#define CTL (1 << 1)
#define ALT (1 << 2)
#define CAPSLOCK (1 << 3)
#define NUMLOCK (1 << 4)
#define SCROLLLOCK (1 << 5)
#define E0ESC (1 << 6)

// Scan-code set 1 to modifier bits.
static uint8_t shiftcode[256];
static uint8_t togglecode[256];
// Scan-code set 1 to characters, one table per modifier state.
static uint8_t normalmap[256];
static uint8_t shiftmap[256];
static uint8_t ctlmap[256];

#define C(x) ((x) - '@')

// The main block of the keyboard, row by row, as (scan code, plain, shifted).
static const char kbd_rows[][3] = {
    {0x01, 0x1B, 0x1B}, {0x02, '1', '!'},  {0x03, '2', '@'},  {0x04, '3', '#'},  {0x05, '4', '$'},
    {0x06, '5', '%'},   {0x07, '6', '^'},  {0x08, '7', '&'},  {0x09, '8', '*'},  {0x0A, '9', '('},
    {0x0B, '0', ')'},   {0x0C, '-', '_'},  {0x0D, '=', '+'},  {0x0E, '\b', '\b'}, {0x0F, '\t', '\t'},
    {0x10, 'q', 'Q'},   {0x11, 'w', 'W'},  {0x12, 'e', 'E'},  {0x13, 'r', 'R'},  {0x14, 't', 'T'},
    {0x15, 'y', 'Y'},   {0x16, 'u', 'U'},  {0x17, 'i', 'I'},  {0x18, 'o', 'O'},  {0x19, 'p', 'P'},
    {0x1A, '[', '{'},   {0x1B, ']', '}'},  {0x1C, '\n', '\n'}, {0x1E, 'a', 'A'},  {0x1F, 's', 'S'},
    {0x20, 'd', 'D'},   {0x21, 'f', 'F'},  {0x22, 'g', 'G'},  {0x23, 'h', 'H'},  {0x24, 'j', 'J'},
    {0x25, 'k', 'K'},   {0x26, 'l', 'L'},  {0x27, ';', ':'},  {0x28, '\'', '"'}, {0x29, '`', '~'},
    {0x2B, '\\', '|'},  {0x2C, 'z', 'Z'},  {0x2D, 'x', 'X'},  {0x2E, 'c', 'C'},  {0x2F, 'v', 'V'},
    {0x30, 'b', 'B'},   {0x31, 'n', 'N'},  {0x32, 'm', 'M'},  {0x33, ',', '<'},  {0x34, '.', '>'},
    {0x35, '/', '?'},   {0x37, '*', '*'},  {0x39, ' ', ' '},  {0x47, '7', '7'},  {0x48, '8', '8'},
    {0x49, '9', '9'},   {0x4A, '-', '-'},  {0x4B, '4', '4'},  {0x4C, '5', '5'},  {0x4D, '6', '6'},
    {0x4E, '+', '+'},   {0x4F, '1', '1'},  {0x50, '2', '2'},  {0x51, '3', '3'},  {0x52, '0', '0'},
    {0x53, '.', '.'},
};

static void kbd_tables_init(void) {
	for (auto& r : kbd_rows) {
		uint8_t sc = (uint8_t)r[0];
		normalmap[sc] = (uint8_t)r[1];
		shiftmap[sc] = (uint8_t)r[2];
		uint8_t ch = (uint8_t)r[2];
		if (ch >= '@' && ch <= '_')
			ctlmap[sc] = C(ch);
	}
	ctlmap[0x1C] = '\r';
	ctlmap[0x0E] = '\b';
	// Keys behind the E0 escape.
	normalmap[0x9C] = shiftmap[0x9C] = ctlmap[0x9C] = '\n';  // keypad enter
	normalmap[0xB5] = shiftmap[0xB5] = ctlmap[0xB5] = '/';   // keypad /
	normalmap[0xC7] = shiftmap[0xC7] = ctlmap[0xC7] = KEY_HOME;
	normalmap[0xC8] = shiftmap[0xC8] = ctlmap[0xC8] = KEY_UP;
	normalmap[0xC9] = shiftmap[0xC9] = ctlmap[0xC9] = KEY_PGUP;
	normalmap[0xCB] = shiftmap[0xCB] = ctlmap[0xCB] = KEY_LF;
	normalmap[0xCD] = shiftmap[0xCD] = ctlmap[0xCD] = KEY_RT;
	normalmap[0xCF] = shiftmap[0xCF] = ctlmap[0xCF] = KEY_END;
	normalmap[0xD0] = shiftmap[0xD0] = ctlmap[0xD0] = KEY_DN;
	normalmap[0xD1] = shiftmap[0xD1] = ctlmap[0xD1] = KEY_PGDN;
	normalmap[0xD2] = shiftmap[0xD2] = ctlmap[0xD2] = KEY_INS;
	normalmap[0xD3] = shiftmap[0xD3] = ctlmap[0xD3] = KEY_DEL;

	shiftcode[0x1D] = shiftcode[0x9D] = CTL;
	shiftcode[0x2A] = shiftcode[0x36] = SHIFT;
	shiftcode[0x38] = shiftcode[0xB8] = ALT;
	togglecode[0x3A] = CAPSLOCK;
	togglecode[0x45] = NUMLOCK;
	togglecode[0x46] = SCROLLLOCK;
}

// One character from the keyboard, 0 for a key with none, -1 if no data.
static int kbd_proc_data(void) {
	static uint32_t shift;
	uint8_t stat = inb(KBSTATP);
	if ((stat & KBS_DIB) == 0)
		return -1;
	if (stat & KBS_TERR)  // mouse data, not ours
		return -1;
	uint8_t data = inb(KBDATAP);

	if (data == 0xE0) {
		shift |= E0ESC;
		return 0;
	} else if (data & 0x80) {  // key released
		data = (shift & E0ESC ? data : data & 0x7F);
		shift &= ~(shiftcode[data] | E0ESC);
		return 0;
	} else if (shift & E0ESC) {
		data |= 0x80;
		shift &= ~E0ESC;
	}
	shift |= shiftcode[data];
	shift ^= togglecode[data];

	uint8_t* map = (shift & CTL) ? ctlmap : (shift & SHIFT) ? shiftmap : normalmap;
	int c = map[data];
	if (shift & CAPSLOCK) {
		if ('a' <= c && c <= 'z')
			c += 'A' - 'a';
		else if ('A' <= c && c <= 'Z')
			c += 'a' - 'A';
	}
	// Ctrl-Alt-Del: reboot.
	if (!(~shift & (CTL | ALT)) && c == KEY_DEL) {
		cprintf("Rebooting!\n");
		outb(0x92, 0x3);
	}
	return c;
}

void kbd_intr(void) { cons_intr(kbd_proc_data); }

static void kbd_init(void) {
	kbd_tables_init();
	kbd_intr();  // drain the keyboard's buffer
	irq_setmask_8259A(irq_mask_8259A & ~(1 << IRQ_KBD));
}

/***** Device-independent console *****/

#define CONSBUFSIZE 512

static struct {
	uint8_t buf[CONSBUFSIZE];
	uint32_t rpos;
	uint32_t wpos;
} cons;

// Move every available character from a device into the ring.  When the
// ring is full the newest characters are dropped: typing faster than the
// reader consumes loses keystrokes, never the older ones.
static void cons_intr(int (*proc)(void)) {
	int c;
	while ((c = (*proc)()) != -1) {
		if (c == 0)
			continue;
		if ((cons.wpos + 1) % CONSBUFSIZE == cons.rpos)
			continue;
		cons.buf[cons.wpos] = c;
		cons.wpos = (cons.wpos + 1) % CONSBUFSIZE;
	}
}

int cons_getc(void) {
	// Poll too, so the monitor works with interrupts off (as in the kernel).
	serial_intr();
	kbd_intr();
	if (cons.rpos != cons.wpos) {
		int c = cons.buf[cons.rpos];
		cons.rpos = (cons.rpos + 1) % CONSBUFSIZE;
		return c;
	}
	return 0;
}

static void cons_putc(int c) {
	serial_putc(c);
	cga_putc(c);
}

void cons_init(void) {
	cga_init();
	kbd_init();
	serial_init();
	if (serial_exists)
		irq_setmask_8259A(irq_mask_8259A & ~(1 << IRQ_SERIAL));
	else
		cprintf("Serial port does not exist!\n");
}

// `High'-level console I/O, used by readline and cprintf.
void cputchar(int c) { cons_putc(c); }

int getchar(void) {
	int c;
	while ((c = cons_getc()) == 0)
		;
	return c;
}

int iscons(int) { return 1; }
