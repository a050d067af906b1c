package dev.servermonitor.gateway;

import dev.servermonitor.common.testing.DatabaseFaultContractIT;

class TerminalGatewayDatabaseFaultIT extends DatabaseFaultContractIT {

    @Override
    protected String serviceName() {
        return "terminal_gateway";
    }
}
