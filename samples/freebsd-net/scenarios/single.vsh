# single.vsh: the stack as the legacy code has it, one per process.
# Runs with vnetsh built without VIMAGE (and with it, in the host alone).
#
#	vnetsh -x single.vsh

echo "== the loopback interface every stack starts with"
ifconfig lo0

echo "== an epair, both halves addressed on one /24 of this one stack"
ifconfig epair create
ifconfig epair0a inet 10.0.1.1/24 up
ifconfig epair0b inet 10.0.1.2/24 up
ifconfig -a

echo "== ping the other half: the address is this stack's, so lo0 answers"
ping -c 2 10.0.1.2
ping 127.0.0.1

echo "== ping a neighbour nobody is: ARP asks on epair0a, nobody answers"
ping -c 2 10.0.1.3

echo "== UDP over loopback"
udp listen 127.0.0.1:7
udp send 127.0.0.1:7 hello over loopback
udp send 127.0.0.1:7 "two  blanks, kept by the quotes"
udp recv 7
udp recv 7
udp close 7

echo "== the default TTL: replies now leave with 32"
sysctl net.inet.ip.ttl
sysctl net.inet.ip.ttl=32
ping 10.0.1.1

echo "== what the stack counted"
netstat -s
netstat -i

echo "== the routing table: connected routes and our own addresses"
netstat -r
route add 10.0.9.0/24 10.0.1.2
route add default 10.0.1.2
netstat -r

echo "== through the gateway 10.0.1.2: out of epair0a, in at epair0b"
echo "-- epair0b answers ARP for its address; nothing forwards the echo"
ping 10.0.9.1
route delete 10.0.9.0/24
route delete default

echo "== the neighbour cache, then 1300 seconds later"
arp -a
sleep 1300
arp -a

echo "== the picture (one cluster: there is one stack)"
topology single.dot
