// The 8042 keyboard controller's ports, and the codes above ASCII that the
// console hands out for keys with no character.
#ifndef JOS_INC_KBDREG_H
#define JOS_INC_KBDREG_H

// Cursor and editing keys.
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

#define KBDATAP 0x60   // read: the next scan code
#define KBSTATP 0x64   // read: the controller's status byte
#define KBS_DIB 0x01   // status: a byte waits at KBDATAP
#define KBS_TERR 0x20  // status: that byte came from the second (mouse) port

#endif
