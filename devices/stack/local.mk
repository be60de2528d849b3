# devices/stack/local.mk: mirage_stack_endpoint_to_string (mirage/stack.h),
# for every stack, on every target.
devices_sources += devices/stack/endpoint.c
