// PS/2 keyboard controller ports and the special keys the console returns.
#ifndef JOS_INC_KBDREG_H
#define JOS_INC_KBDREG_H

#define KEY_HOME 0xE0
#define KEY_END 0xE1
#define KEY_UP 0xE2
#define KEY_DN 0xE3
#define KEY_LF 0xE4
#define KEY_RT 0xE5
#define KEY_PGUP 0xE6
#define KEY_PGDN 0xE7
#define KEY_INS 0xE8
#define KEY_DEL 0xE9

#define KBSTATP 0x64    // kbd controller status port (I)
#define KBS_DIB 0x01    // kbd data in buffer
#define KBS_TERR 0x20   // kbd transmission error (mouse data on PS/2)
#define KBDATAP 0x60    // kbd data port (I)

#endif
