// qstrs specific to the host port.  Empty: every name used by the port's C
// files is picked up automatically by the qstr extraction pass.
