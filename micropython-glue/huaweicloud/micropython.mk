# MicroPython's make build includes $(USER_C_MODULES)/*/micropython.mk, so with
# USER_C_MODULES=<repo>/micropython-glue (the same value CMake builds take) it
# finds this stub, which includes the real fragment one level up.
HUAWEICLOUD_GLUE_DIR := $(patsubst %/,%,$(dir $(USERMOD_DIR)))
include $(HUAWEICLOUD_GLUE_DIR)/micropython.mk
