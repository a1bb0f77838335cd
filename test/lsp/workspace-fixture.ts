/**
 * A generated workspace of about 1,200 files, as in the report of issue item 13 ("in a 1,200-file
 * workspace the first answer took 13-15 s"): per project a Compose file with 20 services,
 * Kubernetes manifests (Deployments with HPAs), scripts that scale the Compose services and a README.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface GeneratedWorkspace {
  root: string;
  files: number;
  /** A script the tests save; it scales `svc0` of project 0's Compose file. */
  script: string;
  /** Project 0's Compose file. */
  compose: string;
}

function composeFile(p: number): string {
  let text = 'services:\n';
  for (let s = 0; s < 20; s++) {
    // The first eight publish a host port; scripts scale them, so the port conflicts only with the scripts' facts.
    text += [
      `  svc${s}:`,
      `    image: registry.example.invalid/p${p}/svc${s}:1.${s}`,
      '    ports:',
      `      - "${s < 8 ? `${8000 + s}:80` : 8000 + s}"`,
      '    environment:',
      `      PROJECT: "p${p}"`,
      `      SLOT: "${s}"`,
      '    deploy:',
      '      resources:',
      '        limits:',
      '          cpus: "0.5"',
      '          memory: 256M',
      '',
    ].join('\n');
  }
  return text;
}

function manifest(p: number, m: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${p}-${m}
  labels: {app: app-${p}-${m}}
spec:
  replicas: 2
  selector:
    matchLabels: {app: app-${p}-${m}}
  template:
    metadata:
      labels: {app: app-${p}-${m}}
    spec:
      containers:
        - name: app
          image: registry.example.invalid/app:${m}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: app-${p}-${m}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app-${p}-${m}}
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`;
}

/** Writes the workspace under `root` (which must exist): 30 projects of 40 files, 1,200 in all. */
export function generateWorkspace(root: string, projects = 30): GeneratedWorkspace {
  let files = 0;
  const write = (rel: string, text: string) => {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    files++;
    return abs;
  };
  for (let p = 0; p < projects; p++) {
    const dir = `project-${String(p).padStart(2, '0')}`;
    write(`${dir}/docker-compose.yml`, composeFile(p));
    for (let m = 0; m < 30; m++) write(`${dir}/k8s/app-${m}.yaml`, manifest(p, m));
    for (let s = 0; s < 8; s++)
      write(
        `${dir}/scripts/scale-${s}.sh`,
        `#!/bin/sh\ncd "$(dirname "$0")/.."\ndocker compose up -d --scale svc${s}=${2 + (s % 3)}\n`,
      );
    write(`${dir}/README.md`, `# Project ${p}\n\n\`\`\`sh\ndocker compose up -d --scale svc10=3\n\`\`\`\n`);
  }
  return {
    root,
    files,
    script: path.join(root, 'project-00/scripts/scale-0.sh'),
    compose: path.join(root, 'project-00/docker-compose.yml'),
  };
}
