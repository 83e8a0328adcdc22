# demo.vsh: three network stacks in one process, as vnet jails.
# Needs vnetsh built with VIMAGE, over the converted stack.
#
#	vnetsh -x demo.vsh
#
#	left  epair0a ---- epair0b  router  epair1a ---- epair1b  right
#	10.0.1.2/24     10.0.1.1/24        10.0.2.1/24     10.0.2.2/24

echo "== three vnet jails, each with a stack of its own"
jail -c name=left vnet persist
jail -c name=router vnet persist
jail -c persist vnet name=right
jls

echo "== two epairs made in the host, their halves lent to the jails"
ifconfig epair create
ifconfig epair create
ifconfig epair0a vnet left
ifconfig epair0b vnet router
ifconfig epair1a vnet router
ifconfig epair1b vnet right
echo "-- the host has only lo0 left"
ifconfig -a

echo "== addresses: 10.0.1.0/24 on the left, 10.0.2.0/24 on the right"
ifconfig -j left epair0a inet 10.0.1.2/24 up
ifconfig -j router epair0b inet 10.0.1.1/24 up
ifconfig -j router epair1a inet 10.0.2.1/24 up
ifconfig -j right epair1b inet 10.0.2.2/24 up
ifconfig -j router -a
echo "-- left keeps its neighbours a minute, the others twenty"
sysctl -j left net.link.ether.inet.max_age=60

echo "== left and right reach each other through the router"
route -j left add default 10.0.1.1
route -j right add default 10.0.2.1

echo "== the router does not forward yet: no reply, and the router says nothing"
sysctl -j router net.inet.ip.forwarding
ping -j left 10.0.2.2
echo "-- the router counted it: not forwarded"
netstat -j router -s -p ip

echo "== forwarding on: three replies, one hop down from 64"
sysctl -j router net.inet.ip.forwarding=1
ping -j left -c 3 10.0.2.2

echo "== TTL 1: the router answers, time to live exceeded"
ping -j left -t 1 10.0.2.2

echo "== the neighbours each stack learned"
arp -j left -a
arp -j router -a
arp -j right -a

echo "== UDP: port 7 is open in left, router and right, a socket in each"
udp -j left listen 7
udp -j router listen 7
udp -j right listen 7
udp -j left send 10.0.2.2:7 hello from left
udp -j right recv 7
echo "-- the router passed it on; its own port 7 got nothing"
udp -j router recv 7
udp -j right send 10.0.1.2:7 and hello back from right
udp -j left recv 7
udp -j router recv 7
udp -j left close 7

echo "== net.inet.ip.ttl is per stack"
sysctl -j left net.inet.ip.ttl=100
sysctl -j right net.inet.ip.ttl=32
sysctl net.inet.ip.ttl
sysctl -j left net.inet.ip.ttl
sysctl -j router net.inet.ip.ttl
sysctl -j right net.inet.ip.ttl
echo "-- left now answers with 100, and the router takes one off"
ping -j right 10.0.1.2

echo "== time: the slow timer runs in every stack; ARP entries age per stack"
sleep 90
echo "-- left forgot its neighbour after 60 s; the router keeps its own 1200 s"
arp -j left -a
arp -j router -a

echo "== the routing tables"
netstat -j left -r
netstat -j router -r
netstat -j right -r

echo "== the router's statistics"
netstat -j router -s
netstat -j router -i

echo "== the picture: dot -Tsvg demo.dot -o demo.svg"
topology demo.dot

echo "== removing the router: the interfaces it was lent go home"
jail -r router
jls
ifconfig -a
echo "-- left is cut off now"
ping -j left 10.0.2.2
