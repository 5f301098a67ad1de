// The part of frida-java-bridge's internal type table that lib/java.ts corrects (no typings upstream).
declare module "frida-java-bridge/lib/types.js" {
    export function getPrimitiveType(name: string): { defaultValue: unknown } | null;
}
