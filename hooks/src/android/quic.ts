import type { CustomHook } from "../lib/registry.js";

/**
 * QUIC / HTTP3 blocking: a UDP socket's connect() or send to port 443 fails with ECONNREFUSED, so the
 * app's HTTP stack (Cronet, OkHttp with QUIC, a hand-made UDP channel) falls back to TCP, which the
 * proxy sees. It works on libc, below Java, so native stacks (Cronet is C++) are covered too. TCP,
 * DNS (UDP 53) and every other port are untouched. Configuration, not a decision: the host asks for it.
 */
const AF_INET = 2;
const AF_INET6 = 10;
const SOL_SOCKET = 1;
const SO_TYPE = 3;
const SOCK_DGRAM = 2;
const ECONNREFUSED = 111;
const QUIC_PORT = 443;

export const blockQuicHook: CustomHook = {
    id: "traffic.blockQuic",
    api: "libc connect/sendto/sendmsg (UDP 443)",
    category: "network",
    install(): number {
        const getsockopt = new NativeFunction(
            Module.getGlobalExportByName("getsockopt"), "int", ["int", "int", "int", "pointer", "pointer"],
        );
        const isUdp443 = (fd: number, addr: NativePointer): boolean => {
            if (addr.isNull()) {
                return false;
            }
            const family = addr.readU16();
            if ((family !== AF_INET && family !== AF_INET6) || ((addr.add(2).readU8() << 8) | addr.add(3).readU8()) !== QUIC_PORT) {
                return false;
            }
            const type = Memory.alloc(4);
            const size = Memory.alloc(4);
            size.writeU32(4);
            return getsockopt(fd, SOL_SOCKET, SO_TYPE, type, size) === 0 && type.readS32() === SOCK_DGRAM;
        };
        // errno reaches the caller through the invocation context (Frida's own work would clobber it):
        // the original is called as a SystemFunction, which returns the errno it left
        const pass = <T extends number | Int64>(ctx: CallbackContext | InvocationContext, r: SystemFunctionResult<T>): T => {
            (ctx as UnixInvocationContext).errno = (r as UnixSystemFunctionResult<T>).errno;
            return r.value;
        };
        const refuse = (ctx: CallbackContext | InvocationContext): number => {
            (ctx as UnixInvocationContext).errno = ECONNREFUSED;
            return -1;
        };

        const connectAt = Module.getGlobalExportByName("connect");
        const connect = new SystemFunction(connectAt, "int", ["int", "pointer", "uint32"]);
        Interceptor.replace(connectAt, new NativeCallback(function (fd: number, addr: NativePointer, len: number): number {
            return isUdp443(fd, addr) ? refuse(this) : pass(this, connect(fd, addr, len));
        }, "int", ["int", "pointer", "uint32"]));

        const sendtoAt = Module.getGlobalExportByName("sendto");
        const sendto = new SystemFunction(sendtoAt, "int64", ["int", "pointer", "size_t", "int", "pointer", "uint32"]);
        Interceptor.replace(sendtoAt, new NativeCallback(function (
            fd: number, buf: NativePointer, len: number | UInt64, flags: number, addr: NativePointer, alen: number,
        ): number | Int64 {
            return isUdp443(fd, addr) ? refuse(this) : pass(this, sendto(fd, buf, len, flags, addr, alen));
        }, "int64", ["int", "pointer", "size_t", "int", "pointer", "uint32"]));

        const sendmsgAt = Module.getGlobalExportByName("sendmsg");
        const sendmsg = new SystemFunction(sendmsgAt, "int64", ["int", "pointer", "int"]);
        Interceptor.replace(sendmsgAt, new NativeCallback(function (fd: number, msg: NativePointer, flags: number): number | Int64 {
            // struct msghdr starts with msg_name (the destination; NULL on a connected socket)
            return !msg.isNull() && isUdp443(fd, msg.readPointer()) ? refuse(this) : pass(this, sendmsg(fd, msg, flags));
        }, "int64", ["int", "pointer", "int"]));
        return 3;
    },
};
