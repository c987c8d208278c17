export type { WeatherApp } from './app.js';
export { weatherOptions } from './config.js';
export { weatherServer } from './create-server.js';
