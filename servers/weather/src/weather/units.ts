import { z } from 'zod';

/** The unit systems a call may ask for; the server's `--units` is the default. */
export const unitSystemSchema = z.enum(['metric', 'imperial']);
export type UnitSystem = z.infer<typeof unitSystemSchema>;

/** Open-Meteo's unit parameters for a unit system (metric is its own default, but said anyway so cache keys are explicit). */
export function openMeteoUnits(units: UnitSystem): Record<string, string> {
  return units === 'imperial'
    ? { temperature_unit: 'fahrenheit', wind_speed_unit: 'mph', precipitation_unit: 'inch' }
    : { temperature_unit: 'celsius', wind_speed_unit: 'kmh', precipitation_unit: 'mm' };
}

/** The NWS `units` parameter: `us` (°F, mph) or `si` (°C, km/h). */
export function nwsUnits(units: UnitSystem): 'us' | 'si' {
  return units === 'imperial' ? 'us' : 'si';
}
