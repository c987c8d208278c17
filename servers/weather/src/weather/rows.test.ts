import { describe, expect, it } from 'vitest';
import { checkHistoryRange, daysInclusive, isoDate, timeZoneSchema } from './dates.js';
import { compass, currentRow, rowLine, toRows, unitsOf } from './rows.js';
import { describeWeatherCode } from './wmo-codes.js';

describe('toRows', () => {
  it('turns columns into one record per timestamp, with the weather code in words', () => {
    const rows = toRows({
      time: ['2026-11-24', '2026-11-25'],
      weather_code: [61, 3],
      temperature_2m_max: [7.4, 5],
      temperature_2m_min: [2.1, null],
    });
    expect(rows).toEqual([
      { time: '2026-11-24', weather_code: 61, weather: 'Slight rain', temperature_2m_max: 7.4, temperature_2m_min: 2.1 },
      { time: '2026-11-25', weather_code: 3, weather: 'Overcast', temperature_2m_max: 5, temperature_2m_min: null },
    ]);
  });

  it('fills a short column with null rather than dropping the row', () => {
    expect(toRows({ time: ['a', 'b'], rain: [1] })).toEqual([
      { time: 'a', rain: 1 },
      { time: 'b', rain: null },
    ]);
    expect(toRows(undefined)).toEqual([]);
  });

  it('drops Open-Meteo bookkeeping from the current block and the units', () => {
    expect(currentRow({ time: '2026-11-23T15:00', interval: 900, temperature_2m: 5.3, weather_code: 45 })).toEqual({
      time: '2026-11-23T15:00',
      temperature_2m: 5.3,
      weather_code: 45,
      weather: 'Fog',
    });
    expect(unitsOf({ time: 'iso8601', interval: 'seconds', temperature_2m: '°C' })).toEqual({ temperature_2m: '°C' });
  });
});

describe('rowLine', () => {
  it('writes a compact line: weather, ranges, units, compass points, times of day', () => {
    const units = {
      temperature_2m_max: '°C',
      precipitation_sum: 'mm',
      precipitation_probability_max: '%',
      wind_direction_10m_dominant: '°',
    };
    const [row] = toRows({
      time: ['2026-11-24'],
      weather_code: [61],
      temperature_2m_max: [7.4],
      temperature_2m_min: [2.1],
      precipitation_sum: [3.2],
      precipitation_probability_max: [70],
      wind_direction_10m_dominant: [265],
      sunrise: ['2026-11-24T07:48'],
    });
    expect(row && rowLine(row, units)).toBe('2026-11-24: Slight rain, 2.1–7.4 °C, precip 3.2 mm, precip chance 70%, from W, sunrise 07:48');
    expect(rowLine({ time: '2026-11-24T15:00', rain: null }, {})).toBe('2026-11-24 15:00: no data');
    // A minimum alone is shown on its own, not dropped for want of its maximum.
    expect(rowLine({ time: '2026-11-24', temperature_2m_min: -3.5 }, { temperature_2m_min: '°C' })).toBe('2026-11-24: min -3.5 °C');
  });

  it('names every compass point and unknown codes', () => {
    expect([0, 22.5, 90, 180, 270, 359, -90].map(compass)).toEqual(['N', 'NNE', 'E', 'S', 'W', 'N', 'W']);
    expect(describeWeatherCode(4)).toBe('Unknown weather (WMO code 4)');
    expect(describeWeatherCode(null)).toBeUndefined();
  });
});

describe('dates', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');

  it('accepts only real calendar days', () => {
    expect(isoDate.safeParse('2024-02-29').success).toBe(true);
    expect(isoDate.safeParse('2026-02-29').success).toBe(false);
    expect(isoDate.safeParse('2026-13-01').success).toBe(false);
    expect(isoDate.safeParse('26-11-01').success).toBe(false);
    expect(daysInclusive('2026-01-01', '2026-12-31')).toBe(365);
  });

  it('checks a history range: order, 1940, not the future, size', () => {
    expect(() => checkHistoryRange('2026-01-01', '2026-01-31', now, 31)).not.toThrow();
    expect(() => checkHistoryRange('2026-11-23', '2026-11-23', now, 31)).not.toThrow();
    // Already today east of UTC, but not yet in the archive's calendar.
    expect(() => checkHistoryRange('2026-11-24', '2026-11-24', now, 31)).toThrow(/past today \(2026-11-23, UTC\)/);
    expect(() => checkHistoryRange('2026-02-01', '2026-01-01', now, 31)).toThrow(/after endDate.*Swap/);
    expect(() => checkHistoryRange('1939-12-31', '1940-01-05', now, 31)).toThrow(/starts on 1940-01-01/);
    expect(() => checkHistoryRange('2026-11-20', '2026-11-26', now, 31)).toThrow(/past today.*get_forecast/);
    expect(() => checkHistoryRange('2026-01-01', '2026-02-01', now, 31)).toThrow(/32 days; one call returns at most 31/);
  });

  it('knows IANA time zones and auto', () => {
    for (const zone of ['auto', 'Europe/Berlin', 'America/Chicago', 'UTC', 'GMT'])
      expect(timeZoneSchema.safeParse(zone).success).toBe(true);
    for (const zone of ['Mars/Olympus', 'Europe/Berlin; drop', '']) expect(timeZoneSchema.safeParse(zone).success).toBe(false);
  });
});
