package io.fleetline.agent.internal;

import io.fleetline.agent.AgentListener;
import io.fleetline.agent.BootSlots;
import io.fleetline.agent.DeviceAgent;
import io.fleetline.agent.DownloadTap;
import io.fleetline.agent.HealthCheck;
import io.fleetline.agent.JobHandler;
import io.fleetline.agent.Reboot;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLContext;

/** Collects an agent's settings. (Skeleton: the agent itself is being built.) */
public final class AgentBuilder implements DeviceAgent.Builder {
    @Override public DeviceAgent.Builder thingName(String thingName) { throw unbuilt(); }
    @Override public DeviceAgent.Builder endpoint(String host, int port) { throw unbuilt(); }
    @Override public DeviceAgent.Builder tls(SSLContext context) { throw unbuilt(); }
    @Override public DeviceAgent.Builder stateDirectory(Path directory) { throw unbuilt(); }
    @Override public DeviceAgent.Builder slots(BootSlots slots) { throw unbuilt(); }
    @Override public DeviceAgent.Builder healthCheck(HealthCheck check) { throw unbuilt(); }
    @Override public DeviceAgent.Builder reboot(Reboot reboot) { throw unbuilt(); }
    @Override public DeviceAgent.Builder handler(JobHandler handler) { throw unbuilt(); }
    @Override public DeviceAgent.Builder allowedCommands(List<String> commands) { throw unbuilt(); }
    @Override public DeviceAgent.Builder handlerDirectory(Path directory) { throw unbuilt(); }
    @Override public DeviceAgent.Builder listener(AgentListener listener) { throw unbuilt(); }
    @Override public DeviceAgent.Builder downloadTap(DownloadTap tap) { throw unbuilt(); }
    @Override public DeviceAgent.Builder clock(Clock clock) { throw unbuilt(); }
    @Override public DeviceAgent build() { throw unbuilt(); }

    private static UnsupportedOperationException unbuilt() {
        return new UnsupportedOperationException("the agent is not built yet");
    }
}
