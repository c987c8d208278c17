#!/usr/bin/env node
import { runServer } from '@mcpkit/core';
import { filesystemServer } from './create-server.js';

await runServer(filesystemServer);
