/* A stand-in for Windows' bcryptprimitives.dll, for the wine check only
 * (.ci/windows-check): Rust's standard library asks ProcessPrng for random bytes,
 * and Debian's wine 8 does not have it. This answers through SystemFunction036
 * (RtlGenRandom), which wine has. It never ships: on Windows 10 and later bangfu.exe
 * uses the system's own DLL. */
#include <windows.h>

typedef BOOLEAN(WINAPI *GenRandom)(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    static GenRandom gen_random;
    if (!gen_random) {
        HMODULE advapi = LoadLibraryA("advapi32.dll");
        gen_random = advapi ? (GenRandom)(void *)GetProcAddress(advapi, "SystemFunction036") : NULL;
    }
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!gen_random || !gen_random(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
