// HAL of the measurement configuration: nothing the module's object needs.
// Defining this stops py/mphal.h from including extmod/virtpin.h (not in the sdists).
#define mp_hal_pin_obj_t void *
