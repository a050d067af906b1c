package dev.servermonitor.gateway;

import dev.servermonitor.common.testing.ServiceLifecycleContractIT;

class TerminalGatewayLifecycleIT extends ServiceLifecycleContractIT {

    @Override
    protected String serviceName() {
        return "terminal_gateway";
    }
}
