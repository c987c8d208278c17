#!/usr/bin/env node
import { runServer } from '@mcpkit/core';
import { githubServer } from './create-server.js';

await runServer(githubServer);
