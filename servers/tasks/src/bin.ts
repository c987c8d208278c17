#!/usr/bin/env node
import { runServer } from '@mcpkit/core';
import { tasksServer } from './create-server.js';

await runServer(tasksServer);
