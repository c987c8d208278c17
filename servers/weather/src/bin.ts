#!/usr/bin/env node
import { runServer } from '@mcpkit/core';
import { weatherServer } from './create-server.js';

await runServer(weatherServer);
