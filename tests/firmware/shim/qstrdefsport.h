// No port-specific qstrs: the qstr pass finds every name the module uses.
