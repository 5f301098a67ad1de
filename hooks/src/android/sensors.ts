import type { HookSpec } from "../lib/registry.js";

/** Sensor listeners, with the sensor and the sampling rate in the arguments ("shake to jump" ads, motion tracking). */
export const sensorHooks: HookSpec[] = [
    { id: "sensor.registerListener", className: "android.hardware.SensorManager", method: "registerListener", category: "sensors" },
];
