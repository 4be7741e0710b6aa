# Warnings as errors on our own targets only (system headers stay quiet).
function(minsheng_warnings target)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # -Wrestrict: gcc 12 false positives in std::string::replace at -O2 and above (GCC bug 105329).
    target_compile_options(${target} PRIVATE -Wshadow=local -Wno-restrict)
  endif()
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wformat=2 -Wformat-security
                                            -Wnon-virtual-dtor -Wno-missing-field-initializers)
endfunction()

# Hardening flags (SECURITY.md T16): PIE, full RELRO, BIND_NOW, stack protector, FORTIFY.
function(minsheng_harden target)
  target_compile_options(${target} PRIVATE -fstack-protector-strong -fPIE)
  if(NOT MINSHENG_SANITIZE AND CMAKE_BUILD_TYPE MATCHES "Rel")
    target_compile_definitions(${target} PRIVATE _FORTIFY_SOURCE=2)
  endif()
  target_link_options(${target} PRIVATE -pie -Wl,-z,relro,-z,now)
endfunction()
